package io.emailra.it;

import io.emailra.api.SmtpClient;
import io.emailra.api.SmtpClientFactory;
import io.emailra.it.support.TestServers;
import io.emailra.testsupport.Participant;
import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.transaction.TransactionManager;

import javax.sql.DataSource;
import javax.transaction.xa.XAException;
import javax.transaction.xa.Xid;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A business transaction that confirms an order by mail, container-managed: the mail goes through
 * the ON_COMMIT factory, and an order row through the server's default data source.
 */
@Stateless
public class OrderDesk {

    @Resource(lookup = TestServers.POSTFIX_ON_COMMIT_JNDI)
    SmtpClientFactory smtp;

    @Resource(lookup = "jdbc/__default")
    DataSource database;

    @Resource(lookup = "java:appserver/TransactionManager")
    TransactionManager transactions;

    @Resource
    SessionContext context;

    /** Sends the confirmation in the transaction; returns its Message-ID. */
    public String confirm(String to, String subject) {
        try (SmtpClient client = smtp.getClient()) {
            return client.send(Mail.message(to, subject, "your order is confirmed"));
        }
    }

    /** Sends the confirmation in the transaction as another account than the factory's. */
    public String confirmAs(String user, String password, String to, String subject) {
        try (SmtpClient client = smtp.getClient(user, password)) {
            return client.send(Mail.message(to, subject, "your order is confirmed"));
        }
    }

    /** Sends the confirmation, then the transaction rolls back. */
    public String confirmThenRollBack(String to, String subject) {
        String messageId = confirm(to, subject);
        context.setRollbackOnly();
        return messageId;
    }

    /**
     * Writes the order row and sends the confirmation, in one transaction with another participant
     * that votes no when the transaction prepares (as a database refusing to commit would): the
     * transaction rolls back, the caller gets the container's exception.
     */
    public String confirmWithOrderRowFailingAtPrepare(String to, String subject) throws Exception {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("CREATE TABLE IF NOT EXISTS orders (subject VARCHAR(200))");
            statement.executeUpdate("INSERT INTO orders VALUES ('" + subject + "')");
        }
        transactions.getTransaction().enlistResource(new VetoAtPrepare());
        return confirm(to, subject);
    }

    /** The order rows with this subject. */
    public int orders(String subject) throws SQLException {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("CREATE TABLE IF NOT EXISTS orders (subject VARCHAR(200))");
            try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM orders WHERE subject = '" + subject + "'")) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    /** A participant whose prepare votes to roll back. */
    static final class VetoAtPrepare extends Participant {

        @Override
        public int prepare(Xid xid) throws XAException {
            throw new XAException(XAException.XA_RBINTEGRITY);
        }
    }
}
