package io.signingsync.config;

/** The direction of a sync. */
public enum Mode {
    /** The folder is the source: missing files are uploaded to the Bitrise app. */
    UPLOAD,
    /** The Bitrise app is the source: its files are written into the folder. */
    DOWNLOAD
}
