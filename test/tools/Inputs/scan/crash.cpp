// FAKE-TIDY: abort
int crash() { return 0; }
