// CHECK-MESSAGES leaves notes out (so -NEXT skips them); CHECK-NOTES must
// account for them. Two suffixes so that one file shows both kinds (in
// separate runs).
// RUN: %stock_check_clang_tidy -check-suffix=MSG %s bugprone-use-after-move %t
// RUN: %stock_check_clang_tidy -check-suffix=NOTE %s bugprone-use-after-move %t

namespace std {
template <class T> T &&move(T &value) { return static_cast<T &&>(value); }
} // namespace std

struct Buffer {
  int size() const;
};

int use(Buffer buffer) {
  Buffer other = std::move(buffer);
  return buffer.size();
  // CHECK-MESSAGES-MSG: :[[@LINE-1]]:10: warning: 'buffer' used after it was moved [bugprone-use-after-move]
  // CHECK-NOTES-NOTE: :[[@LINE-2]]:10: warning: 'buffer' used after it was moved [bugprone-use-after-move]
  // CHECK-NOTES-NOTE-NEXT: :[[@LINE-4]]:18: note: move occurred here
}

int useAgain(Buffer buffer) {
  Buffer other = std::move(buffer);
  return buffer.size();
  // CHECK-MESSAGES-MSG-NEXT: :[[@LINE-1]]:10: warning: 'buffer' used after it was moved [bugprone-use-after-move]
  // CHECK-NOTES-NOTE-NEXT: :[[@LINE-2]]:10: warning: 'buffer' used after it was moved [bugprone-use-after-move]
  // CHECK-NOTES-NOTE-NEXT: :[[@LINE-4]]:18: note: move occurred here
}
