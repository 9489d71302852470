-- HAR Warden's uploads are in harwarden_uploads since version 2; its predecessor goes once they were copied.
DROP TABLE IF EXISTS harwarden_outputs;
