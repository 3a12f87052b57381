package io.emailra.it.inbound;

/** A second bean on the same folder, as a second server instance would be: each message still goes to one of them. */
public class SecondRecordingMailListener extends RecordingMailListener {
}
