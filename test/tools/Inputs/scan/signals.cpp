// FAKE-TIDY: signals
int signals() { return 0; }
