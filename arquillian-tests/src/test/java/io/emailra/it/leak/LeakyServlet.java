package io.emailra.it.leak;

import io.emailra.api.AllocationMode;
import io.emailra.api.ImapClient;
import io.emailra.api.ImapClientFactory;
import io.emailra.it.support.TestServers;
import jakarta.annotation.Resource;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * An application as an operator deploys and undeploys it: it uses a pool defined on the server, and
 * the physical connection its request needs is opened on its own request thread.
 */
@WebServlet("/use")
public class LeakyServlet extends HttpServlet {

    @Resource(lookup = TestServers.DOVECOT_LIMITS_JNDI)
    ImapClientFactory imap;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try (ImapClient client = imap.getClient(AllocationMode.USE_MAIN)) {
            client.selectFolder("INBOX");
            response.getWriter().print("used " + client.listMessages(0, 1).size());
        }
    }
}
