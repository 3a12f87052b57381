package io.emailra.it;

import io.emailra.it.support.EmailraMBeans;
import io.emailra.it.support.Pools;
import io.emailra.testsupport.Await;
import io.emailra.testsupport.Crowd;
import io.emailra.testsupport.MailServers;
import io.emailra.testsupport.TcpProxy;
import io.emailra.it.support.TestServers;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The test applications: a WAR with the test class and the in-container support classes; never the RAR's classes. */
final class Deployments {

    private Deployments() {
    }

    static WebArchive testApp(String name, Class<?>... classes) {
        return ShrinkWrap.create(WebArchive.class, name + ".war")
                .addClasses(classes)
                .addClasses(Deployments.class, TestServers.class, Pools.class, EmailraMBeans.class, Mail.class)
                .addClasses(TcpProxy.class, MailServers.class, Await.class, Crowd.class, Crowd.Work.class,
                        Crowd.Outcome.class);
    }
}
