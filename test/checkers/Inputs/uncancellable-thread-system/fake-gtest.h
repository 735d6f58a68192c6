// A test framework's assertion that returns from the test on failure, as
// gtest's ASSERT_* do; included as a system header.
#define ASSERT_TRUE(cond)                                                      \
  if (!(cond))                                                                 \
  return
