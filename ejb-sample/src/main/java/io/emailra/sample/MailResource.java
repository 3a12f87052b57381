package io.emailra.sample;

import io.emailra.api.MessagePart;
import jakarta.ejb.EJB;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The sample's REST endpoints, a thin layer over {@link MailboxService}. */
@Path("mail")
@Produces(MediaType.APPLICATION_JSON)
public class MailResource {

    @EJB
    MailboxService mailbox;

    @POST
    @Path("send")
    public Map<String, String> send(@FormParam("from") @DefaultValue("sample@localhost") String from,
                                    @FormParam("to") String to, @FormParam("subject") String subject,
                                    @FormParam("text") String text) throws Exception {
        return Map.of("messageId", mailbox.send(from, to, subject, text));
    }

    @GET
    @Path("inbox")
    public List<Map<String, Object>> inbox() {
        return Records.toJson(mailbox.inbox());
    }

    /** The INBOX of another mail user: {@code getClient(user, password)}. */
    @POST
    @Path("inbox-of")
    public List<Map<String, Object>> inboxOf(@FormParam("user") String user, @FormParam("password") String password) {
        return Records.toJson(mailbox.inboxOf(user, password));
    }

    @GET
    @Path("messages/{uid}")
    @Produces(MediaType.TEXT_PLAIN)
    public String read(@PathParam("uid") long uid) throws Exception {
        return mailbox.read(uid);
    }

    /** One part of a message (an attachment), streamed from the mail server to the HTTP response. */
    @GET
    @Path("messages/{uid}/parts/{part}")
    public Response part(@PathParam("uid") long uid, @PathParam("part") String part) {
        MessagePart described = mailbox.describePart(uid, part);
        if (described == null || described.isMultipart()) {
            return Response.status(Response.Status.NOT_FOUND).type(MediaType.TEXT_PLAIN)
                    .entity("message " + uid + " has no part " + part).build();
        }
        StreamingOutput body = out -> mailbox.writePart(uid, part, out);
        Response.ResponseBuilder response = Response.ok(body, described.contentType());
        if (described.fileName() != null) {
            response.header("Content-Disposition", "attachment; filename*=UTF-8''"
                    + URLEncoder.encode(described.fileName(), StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return response.build();
    }

    @POST
    @Path("messages/{uid}/read")
    public Map<String, String> markRead(@PathParam("uid") long uid) {
        return Map.of("transactionDefaultConnection", mailbox.markRead(uid));
    }

    @GET
    @Path("folders")
    public List<Map<String, Object>> folders() {
        return Records.toJson(mailbox.folders());
    }

    @GET
    @Path("parallel")
    public Map<String, Integer> parallel() throws Exception {
        return mailbox.parallelCounts();
    }

    @GET
    @Path("transactions")
    public Map<String, Object> transactions() {
        return mailbox.clientAcrossTransactions();
    }
}
