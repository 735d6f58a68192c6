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
