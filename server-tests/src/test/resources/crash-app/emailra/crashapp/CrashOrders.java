package emailra.crashapp;

import io.emailra.api.SmtpClient;
import io.emailra.api.SmtpClientFactory;
import jakarta.annotation.Resource;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.transaction.TransactionManager;
import jakarta.transaction.UserTransaction;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Business transactions that confirm an order by mail through the ON_COMMIT factory
 * {@code mail/on-commit}, ended as the test asks: committed, rolled back, or stopped with the
 * process in the middle of two-phase commit by a participant that never returns ({@link Holder}).
 */
@WebServlet("/orders")
public class CrashOrders extends HttpServlet {

    @Resource(lookup = "mail/on-commit")
    SmtpClientFactory smtp;

    @Resource
    UserTransaction transaction;

    @Resource(lookup = "java:appserver/TransactionManager")
    TransactionManager manager;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.getWriter().print("ready");
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String action = request.getParameter("action");
        try {
            Path marker = Path.of(request.getParameter("markers"), request.getParameter("subject") + ".held");
            transaction.begin();
            if (action.equals("hold-in-commit")) {
                // Enlisted before the mail: committed first, it holds with the mail's branch still prepared.
                manager.getTransaction().enlistResource(new Holder(marker, false));
            }
            String messageId;
            try (SmtpClient client = smtp.getClient()) {
                MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
                message.setFrom(new InternetAddress(request.getParameter("to")));
                message.setRecipients(MimeMessage.RecipientType.TO, request.getParameter("to"));
                message.setSubject(request.getParameter("subject"));
                message.setText("order confirmed");
                messageId = client.send(message);
            }
            switch (action) {
                case "commit", "hold-in-commit" -> transaction.commit();
                case "rollback" -> transaction.rollback();
                case "hold-in-prepare" -> {
                    // Enlisted after the mail: prepared second, it holds with the mail's branch prepared.
                    manager.getTransaction().enlistResource(new Holder(marker, true));
                    transaction.commit();
                }
                default -> throw new IllegalArgumentException("no action " + action);
            }
            response.getWriter().print(messageId);
        } catch (Exception e) {
            response.sendError(500, e.toString());
        }
    }
}
