// A header that other translation units include: the containers it declares
// may be bounded there.
#include <string>
#include <unordered_map>
#include <vector>

extern std::unordered_map<std::string, int> shared_counts;

class Registry {
public:
  static Registry &instance();
  void add(const std::string &name);
  void forget(const std::string &name); // defined in another file

private:
  std::vector<std::string> names_;
};

// Private, and every member function is defined in the test file: no other
// file can reach the member.
class Journal {
public:
  static Journal &get();
  void add(const std::string &line);

private:
  std::vector<std::string> lines_;
};

// Public: any file can bound it.
struct Open {
  static std::vector<std::string> entries;
};
