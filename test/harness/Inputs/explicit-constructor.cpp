// google-explicit-constructor's fix is right for the constructor, but the
// implicit conversion in distance() then no longer compiles.

struct Meters {
  Meters(int value) : value(value) {}
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: single-argument constructors must be marked explicit to avoid unintentional implicit conversions [google-explicit-constructor]
  // CHECK-FIXES: explicit Meters(int value) : value(value) {}
  int value;
};

Meters distance() { return 3; }
