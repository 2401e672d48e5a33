/** What an Ogg Opus clip is served as. */
export const OGG_OPUS_MIME_TYPE = 'audio/ogg; codecs=opus';
