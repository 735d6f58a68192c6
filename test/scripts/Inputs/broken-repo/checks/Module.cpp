// Fixture for check-consistency.py: every kind of problem.
void addChecks(Factories &CheckFactories) {
  CheckFactories.registerCheck<GoodCheck>("leak-good");
  CheckFactories.registerCheck<
      BadCheck>(
      "leak-good-bad");
  CheckFactories.registerCheck<GoodCheck>("leak-good");
  // CheckFactories.registerCheck<GoneCheck>("leak-gone");
  /* CheckFactories.registerCheck<GoneCheck>("leak-gone"); */
  const char *Url = "http://example.com/"; CheckFactories.registerCheck<OtherCheck>("leak-other");
}
