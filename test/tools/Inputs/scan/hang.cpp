// FAKE-TIDY: hang
int hang() { return 0; }
