// Fixture for check-consistency.py: one complete check.
void addChecks(Factories &CheckFactories) {
  CheckFactories.registerCheck<leakguard::GoodCheck>("leak-good");
}
