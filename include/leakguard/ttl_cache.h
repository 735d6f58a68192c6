//===--- ttl_cache.h - a bounded LRU cache with optional expiry -----------===//
//
// Part of leakguard. Header-only, standard C++17, no dependencies.
//
// leakguard::ttl_cache<Key, T> is what leak-unbounded-cache suggests for a
// map with program lifetime that only grows: it holds at most max_entries()
// entries, evicting the least recently used one to make room, and when a
// time to live is set, an entry older than that counts as absent.
//
//   leakguard::ttl_cache<std::string, Session> sessions{10000,
//                                                       std::chrono::minutes(30)};
//   sessions[token] = session;           // may evict the least recently used
//   if (auto it = sessions.find(token); it != sessions.end())
//     use(it->second);                   // marks the entry as recently used
//
// It offers the part of std::unordered_map that caches use: find,
// operator[], at, insert, emplace, try_emplace, insert_or_assign, erase,
// count, contains, size, empty, clear and iteration (most recently used
// first), with value_type std::pair<const Key, T>. Every operation is O(1)
// on average (hashing, like std::unordered_map); evictions and expiries are
// O(1) each.
//
// Differences from std::unordered_map:
//   * find(), at() and operator[] on a non-const cache mark the entry as
//     recently used; so do insert(), emplace() and try_emplace() when the key
//     is already there. count(), contains() and the const overloads change
//     nothing.
//   * Expiry: an entry lives for time_to_live() from when it was inserted or
//     last written by insert_or_assign() (assigning through operator[] or an
//     iterator does not restart it). An expired entry is invisible to
//     lookups and is removed by the next non-const operation that meets it,
//     by purge_expired(), or to make room. Iteration visits every entry not
//     yet removed: call purge_expired() first to skip expired ones.
//   * Inserting a new key into a full cache evicts the least recently used
//     entry first (after removing expired ones), which invalidates iterators
//     and references to that entry only.
//   * Move-only: a cache is not copied by accident.
//
// Thread safety: thread-compatible, like the standard containers. Const
// member functions may run concurrently with each other; any non-const call
// (including find(), at() and operator[], which update recency) needs
// exclusive access, for example under the mutex that guarded the map it
// replaces.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKGUARD_TTL_CACHE_H
#define LEAKGUARD_TTL_CACHE_H

#include <chrono>
#include <cstddef>
#include <cstdlib>
#include <functional>
#include <iterator>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

namespace leakguard {

template <class Key, class T, class Hash = std::hash<Key>,
          class KeyEqual = std::equal_to<Key>,
          class Clock = std::chrono::steady_clock>
class ttl_cache {
public:
  using key_type = Key;
  using mapped_type = T;
  using value_type = std::pair<const Key, T>;
  using size_type = std::size_t;
  using difference_type = std::ptrdiff_t;
  using hasher = Hash;
  using key_equal = KeyEqual;
  using reference = value_type &;
  using const_reference = const value_type &;
  using clock = Clock;
  using duration = typename Clock::duration;
  using time_point = typename Clock::time_point;

private:
  // One entry, linked into two lists: recency (most recently used at the
  // head) and age (oldest write at the head, which expires first since every
  // entry lives equally long).
  struct Node {
    template <class... Args>
    explicit Node(Args &&...A) : Value(std::forward<Args>(A)...) {}
    value_type Value;
    time_point Written{};
    Node *Newer = nullptr, *Older = nullptr;   // recency list
    Node *Younger = nullptr, *Elder = nullptr; // age list
  };

  // The index refers to the key inside its node (no key is stored twice)
  // and keeps its hash: rehashing and most failed comparisons then never
  // touch the node.
  struct KeyRef {
    const Key *K;
    std::size_t Code;
  };
  struct RefHash {
    std::size_t operator()(const KeyRef &R) const { return R.Code; }
  };
  struct RefEqual {
    KeyEqual E;
    bool operator()(const KeyRef &A, const KeyRef &B) const {
      return A.Code == B.Code && E(*A.K, *B.K);
    }
  };
  using Index = std::unordered_map<KeyRef, Node *, RefHash, RefEqual>;

  template <bool Const> class basic_iterator {
    friend class ttl_cache;
    template <bool> friend class basic_iterator;
    Node *N = nullptr;
    explicit basic_iterator(const Node *Current)
        : N(const_cast<Node *>(Current)) {}

  public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = typename ttl_cache::value_type;
    using difference_type = std::ptrdiff_t;
    using reference =
        std::conditional_t<Const, const value_type &, value_type &>;
    using pointer = std::conditional_t<Const, const value_type *, value_type *>;

    basic_iterator() = default;
    template <bool C = Const, class = std::enable_if_t<C>>
    basic_iterator(const basic_iterator<false> &Other) : N(Other.N) {}

    reference operator*() const { return N->Value; }
    pointer operator->() const { return &N->Value; }
    basic_iterator &operator++() {
      N = N->Older;
      return *this;
    }
    basic_iterator operator++(int) {
      basic_iterator Old = *this;
      N = N->Older;
      return Old;
    }
    friend bool operator==(const basic_iterator &A, const basic_iterator &B) {
      return A.N == B.N;
    }
    friend bool operator!=(const basic_iterator &A, const basic_iterator &B) {
      return A.N != B.N;
    }
  };

public:
  using iterator = basic_iterator<false>;
  using const_iterator = basic_iterator<true>;

  /// A cache of at most \p max_entries entries (at least one); with a
  /// positive \p time_to_live, entries older than that count as absent.
  explicit ttl_cache(size_type max_entries,
                     duration time_to_live = duration::zero(),
                     const Hash &hash = Hash(),
                     const KeyEqual &equal = KeyEqual())
      : Map(0, RefHash{}, RefEqual{equal}), H(hash),
        Capacity(max_entries == 0 ? 1 : max_entries), Ttl(time_to_live) {}

  ttl_cache(const ttl_cache &) = delete;
  ttl_cache &operator=(const ttl_cache &) = delete;
  ttl_cache(ttl_cache &&Other) noexcept
      : Map(std::move(Other.Map)), H(Other.H), Capacity(Other.Capacity),
        Ttl(Other.Ttl) {
    takeLists(Other);
  }
  ttl_cache &operator=(ttl_cache &&Other) noexcept {
    if (this != &Other) {
      clear();
      Map = std::move(Other.Map);
      H = Other.H;
      Capacity = Other.Capacity;
      Ttl = Other.Ttl;
      takeLists(Other);
    }
    return *this;
  }
  ~ttl_cache() { destroyNodes(); }

  // Capacity and expiry.
  size_type max_entries() const noexcept { return Capacity; }
  duration time_to_live() const noexcept { return Ttl; }
  size_type size() const noexcept { return Map.size(); }
  bool empty() const noexcept { return Map.empty(); }
  size_type max_size() const noexcept { return Capacity; }

  // Iteration, most recently used first.
  iterator begin() noexcept { return iterator(Newest); }
  iterator end() noexcept { return iterator(); }
  const_iterator begin() const noexcept { return const_iterator(Newest); }
  const_iterator end() const noexcept { return const_iterator(); }
  const_iterator cbegin() const noexcept { return begin(); }
  const_iterator cend() const noexcept { return end(); }

  // Lookup.
  iterator find(const Key &K) { return iterator(lookup(K)); }
  const_iterator find(const Key &K) const { return const_iterator(peek(K)); }
  size_type count(const Key &K) const { return peek(K) ? 1 : 0; }
  bool contains(const Key &K) const { return peek(K) != nullptr; }

  T &at(const Key &K) {
    if (Node *N = lookup(K))
      return N->Value.second;
    outOfRange();
  }
  const T &at(const Key &K) const {
    if (const Node *N = peek(K))
      return N->Value.second;
    outOfRange();
  }

  T &operator[](const Key &K) { return try_emplace(K).first->second; }
  T &operator[](Key &&K) { return try_emplace(std::move(K)).first->second; }

  // Insertion. An existing key keeps its value and is marked as used.
  std::pair<iterator, bool> insert(const value_type &V) {
    return place(V.first, V);
  }
  std::pair<iterator, bool> insert(value_type &&V) {
    return place(V.first, std::move(V));
  }
  template <class P,
            class = std::enable_if_t<std::is_constructible_v<value_type, P &&>>>
  std::pair<iterator, bool> insert(P &&V) {
    return emplace(std::forward<P>(V));
  }

  template <class... Args> std::pair<iterator, bool> emplace(Args &&...A) {
    Node *N = new Node(std::forward<Args>(A)...);
    if (Node *Old = lookup(N->Value.first)) {
      delete N;
      return {iterator(Old), false};
    }
    return {iterator(link(N)), true};
  }

  template <class... Args>
  std::pair<iterator, bool> try_emplace(const Key &K, Args &&...A) {
    return tryEmplace(K, std::forward<Args>(A)...);
  }
  template <class... Args>
  std::pair<iterator, bool> try_emplace(Key &&K, Args &&...A) {
    return tryEmplace(std::move(K), std::forward<Args>(A)...);
  }

  /// Inserts or overwrites; either way the entry's time to live restarts.
  template <class M>
  std::pair<iterator, bool> insert_or_assign(const Key &K, M &&Value) {
    return insertOrAssign(K, std::forward<M>(Value));
  }
  template <class M>
  std::pair<iterator, bool> insert_or_assign(Key &&K, M &&Value) {
    return insertOrAssign(std::move(K), std::forward<M>(Value));
  }

  // Removal.
  size_type erase(const Key &K) {
    auto It = Map.find(ref(K));
    if (It == Map.end())
      return 0;
    destroy(It->second);
    return 1;
  }
  iterator erase(const_iterator Pos) {
    Node *Next = Pos.N->Older;
    destroy(Pos.N);
    return iterator(Next);
  }
  iterator erase(iterator Pos) { return erase(const_iterator(Pos)); }
  void clear() noexcept {
    destroyNodes();
    Map.clear();
    Newest = Oldest = Youngest = Eldest = nullptr;
  }

  /// Removes the expired entries; returns how many.
  size_type purge_expired() { return purgeExpired(now()); }

private:
  [[noreturn]] static void outOfRange() {
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
    throw std::out_of_range("leakguard::ttl_cache::at: no such key");
#else
    std::abort();
#endif
  }

  KeyRef ref(const Key &K) const { return KeyRef{&K, H(K)}; }

  // The current time when entries expire at all (reading the clock costs).
  time_point now() const {
    return Ttl > duration::zero() ? Clock::now() : time_point();
  }

  bool expired(const Node *N, time_point Now) const {
    return Ttl > duration::zero() && Now - N->Written >= Ttl;
  }

  // The live node of K, without touching anything.
  const Node *peek(const Key &K) const {
    auto It = Map.find(ref(K));
    if (It == Map.end() || expired(It->second, now()))
      return nullptr;
    return It->second;
  }

  // The live node of K, marked as recently used; an expired one is dropped.
  Node *lookup(const Key &K) {
    auto It = Map.find(ref(K));
    if (It == Map.end())
      return nullptr;
    Node *N = It->second;
    if (expired(N, now())) {
      destroy(N);
      return nullptr;
    }
    unlinkRecency(N);
    pushRecency(N);
    return N;
  }

  template <class V> std::pair<iterator, bool> place(const Key &K, V &&Value) {
    if (Node *Old = lookup(K))
      return {iterator(Old), false};
    return {iterator(link(new Node(std::forward<V>(Value)))), true};
  }

  template <class K, class... Args>
  std::pair<iterator, bool> tryEmplace(K &&Name, Args &&...A) {
    if (Node *Old = lookup(Name))
      return {iterator(Old), false};
    Node *N = new Node(std::piecewise_construct,
                       std::forward_as_tuple(std::forward<K>(Name)),
                       std::forward_as_tuple(std::forward<Args>(A)...));
    return {iterator(link(N)), true};
  }

  template <class K, class M>
  std::pair<iterator, bool> insertOrAssign(K &&Name, M &&Value) {
    if (Node *Old = lookup(Name)) {
      Old->Value.second = std::forward<M>(Value);
      unlinkAge(Old);
      Old->Written = now();
      pushAge(Old);
      return {iterator(Old), false};
    }
    Node *N = new Node(std::forward<K>(Name), std::forward<M>(Value));
    return {iterator(link(N)), true};
  }

  // Adds a new node (its key is not in the map), making room first.
  Node *link(Node *N) {
    time_point Now = now();
    purgeExpired(Now);
    if (Map.size() >= Capacity)
      destroy(Oldest);
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
    try {
      Map.emplace(ref(N->Value.first), N);
    } catch (...) {
      delete N;
      throw;
    }
#else
    Map.emplace(ref(N->Value.first), N);
#endif
    N->Written = Now;
    pushRecency(N);
    pushAge(N);
    return N;
  }

  size_type purgeExpired(time_point Now) {
    size_type Removed = 0;
    while (Eldest && expired(Eldest, Now)) {
      destroy(Eldest);
      ++Removed;
    }
    return Removed;
  }

  void destroy(Node *N) {
    Map.erase(ref(N->Value.first));
    unlinkRecency(N);
    unlinkAge(N);
    delete N;
  }

  // Both lists are linked the same way: Ahead points towards Head.
  template <Node *Node::*Ahead, Node *Node::*Behind>
  static void pushFront(Node *N, Node *&Head, Node *&Tail) {
    N->*Ahead = nullptr;
    N->*Behind = Head;
    (Head ? Head->*Ahead : Tail) = N;
    Head = N;
  }
  template <Node *Node::*Ahead, Node *Node::*Behind>
  static void unlink(Node *N, Node *&Head, Node *&Tail) {
    ((N->*Ahead) ? (N->*Ahead)->*Behind : Head) = N->*Behind;
    ((N->*Behind) ? (N->*Behind)->*Ahead : Tail) = N->*Ahead;
  }
  void pushRecency(Node *N) {
    pushFront<&Node::Newer, &Node::Older>(N, Newest, Oldest);
  }
  void unlinkRecency(Node *N) {
    unlink<&Node::Newer, &Node::Older>(N, Newest, Oldest);
  }
  void pushAge(Node *N) {
    pushFront<&Node::Younger, &Node::Elder>(N, Youngest, Eldest);
  }
  void unlinkAge(Node *N) {
    unlink<&Node::Younger, &Node::Elder>(N, Youngest, Eldest);
  }

  void destroyNodes() noexcept {
    for (Node *N = Newest; N;) {
      Node *Next = N->Older;
      delete N;
      N = Next;
    }
  }
  void takeLists(ttl_cache &Other) noexcept {
    Newest = std::exchange(Other.Newest, nullptr);
    Oldest = std::exchange(Other.Oldest, nullptr);
    Youngest = std::exchange(Other.Youngest, nullptr);
    Eldest = std::exchange(Other.Eldest, nullptr);
    Other.Map.clear();
  }

  Index Map;
  Hash H;
  size_type Capacity;
  duration Ttl;
  Node *Newest = nullptr, *Oldest = nullptr;   // recency ends
  Node *Youngest = nullptr, *Eldest = nullptr; // age ends
};

/// A set of at most max_entries() keys, the least recently used evicted
/// first, with an optional time to live: what leak-unbounded-cache suggests
/// for a std::set or std::unordered_set that only grows. It offers insert,
/// emplace, find, count, contains, erase, size, empty, clear and iteration
/// (most recently used first, keys only), with the same recency and expiry
/// rules as ttl_cache: find() marks a key as recently used, count() and
/// contains() do not.
template <class Key, class Hash = std::hash<Key>,
          class KeyEqual = std::equal_to<Key>,
          class Clock = std::chrono::steady_clock>
class ttl_set {
  struct Present {};
  using Cache = ttl_cache<Key, Present, Hash, KeyEqual, Clock>;

public:
  using key_type = Key;
  using value_type = Key;
  using size_type = std::size_t;
  using duration = typename Cache::duration;

  /// Visits the keys; a set's elements are never modified in place.
  class const_iterator {
    friend class ttl_set;
    typename Cache::const_iterator It;
    explicit const_iterator(typename Cache::const_iterator I) : It(I) {}

  public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = Key;
    using difference_type = std::ptrdiff_t;
    using reference = const Key &;
    using pointer = const Key *;

    const_iterator() = default;
    reference operator*() const { return It->first; }
    pointer operator->() const { return &It->first; }
    const_iterator &operator++() {
      ++It;
      return *this;
    }
    const_iterator operator++(int) {
      const_iterator Old = *this;
      ++It;
      return Old;
    }
    friend bool operator==(const const_iterator &A, const const_iterator &B) {
      return A.It == B.It;
    }
    friend bool operator!=(const const_iterator &A, const const_iterator &B) {
      return A.It != B.It;
    }
  };
  using iterator = const_iterator;

  explicit ttl_set(size_type max_entries,
                   duration time_to_live = duration::zero())
      : C(max_entries, time_to_live) {}

  size_type max_entries() const noexcept { return C.max_entries(); }
  size_type size() const noexcept { return C.size(); }
  bool empty() const noexcept { return C.empty(); }
  const_iterator begin() const noexcept { return const_iterator(C.begin()); }
  const_iterator end() const noexcept { return const_iterator(C.end()); }
  const_iterator cbegin() const noexcept { return begin(); }
  const_iterator cend() const noexcept { return end(); }

  /// Adds \p K (evicting the least recently used key of a full set); when
  /// it is there already, marks it as recently used. `second` says whether
  /// it was added.
  std::pair<iterator, bool> insert(const Key &K) {
    auto R = C.try_emplace(K);
    return {const_iterator(typename Cache::const_iterator(R.first)), R.second};
  }
  std::pair<iterator, bool> insert(Key &&K) {
    auto R = C.try_emplace(std::move(K));
    return {const_iterator(typename Cache::const_iterator(R.first)), R.second};
  }
  template <class... Args> std::pair<iterator, bool> emplace(Args &&...A) {
    return insert(Key(std::forward<Args>(A)...));
  }
  iterator find(const Key &K) {
    return const_iterator(typename Cache::const_iterator(C.find(K)));
  }
  const_iterator find(const Key &K) const { return const_iterator(C.find(K)); }
  size_type count(const Key &K) const { return C.count(K); }
  bool contains(const Key &K) const { return C.contains(K); }
  size_type erase(const Key &K) { return C.erase(K); }
  void clear() noexcept { C.clear(); }
  size_type purge_expired() { return C.purge_expired(); }

private:
  Cache C;
};

/// An append-only log that keeps the last max_entries() elements: what
/// leak-unbounded-cache suggests for a std::vector, std::deque or std::list
/// that is only appended to. Appending to a full log drops the oldest
/// element first. It offers push_back, emplace_back, size, empty, clear,
/// front, back, operator[], at and iteration (oldest first, random access).
/// Storage is one ring of at most max_entries() slots, grown on demand.
template <class T> class bounded_log {
public:
  using value_type = T;
  using size_type = std::size_t;
  using reference = T &;
  using const_reference = const T &;

private:
  template <bool Const> class basic_iterator {
    friend class bounded_log;
    using Log = std::conditional_t<Const, const bounded_log, bounded_log>;
    Log *L = nullptr;
    size_type I = 0;
    basic_iterator(Log *Owner, size_type Index) : L(Owner), I(Index) {}

  public:
    using iterator_category = std::random_access_iterator_tag;
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    using reference = std::conditional_t<Const, const T &, T &>;
    using pointer = std::conditional_t<Const, const T *, T *>;

    basic_iterator() = default;
    template <bool C = Const, class = std::enable_if_t<C>>
    basic_iterator(const basic_iterator<false> &Other)
        : L(Other.L), I(Other.I) {}
    reference operator*() const { return (*L)[I]; }
    pointer operator->() const { return &(*L)[I]; }
    reference operator[](difference_type N) const { return (*L)[I + N]; }
    basic_iterator &operator++() {
      ++I;
      return *this;
    }
    basic_iterator operator++(int) {
      basic_iterator Old = *this;
      ++I;
      return Old;
    }
    basic_iterator &operator--() {
      --I;
      return *this;
    }
    basic_iterator operator--(int) {
      basic_iterator Old = *this;
      --I;
      return Old;
    }
    basic_iterator &operator+=(difference_type N) {
      I += N;
      return *this;
    }
    basic_iterator &operator-=(difference_type N) {
      I -= N;
      return *this;
    }
    friend basic_iterator operator+(basic_iterator It, difference_type N) {
      return It += N;
    }
    friend basic_iterator operator+(difference_type N, basic_iterator It) {
      return It += N;
    }
    friend basic_iterator operator-(basic_iterator It, difference_type N) {
      return It -= N;
    }
    friend difference_type operator-(const basic_iterator &A,
                                     const basic_iterator &B) {
      return static_cast<difference_type>(A.I) -
             static_cast<difference_type>(B.I);
    }
    friend bool operator==(const basic_iterator &A, const basic_iterator &B) {
      return A.I == B.I;
    }
    friend bool operator!=(const basic_iterator &A, const basic_iterator &B) {
      return A.I != B.I;
    }
    friend bool operator<(const basic_iterator &A, const basic_iterator &B) {
      return A.I < B.I;
    }
    friend bool operator>(const basic_iterator &A, const basic_iterator &B) {
      return A.I > B.I;
    }
    friend bool operator<=(const basic_iterator &A, const basic_iterator &B) {
      return A.I <= B.I;
    }
    friend bool operator>=(const basic_iterator &A, const basic_iterator &B) {
      return A.I >= B.I;
    }
  };

public:
  using iterator = basic_iterator<false>;
  using const_iterator = basic_iterator<true>;

  /// A log of the last \p max_entries elements (at least one).
  explicit bounded_log(size_type max_entries)
      : Capacity(max_entries == 0 ? 1 : max_entries) {}

  size_type max_entries() const noexcept { return Capacity; }
  size_type size() const noexcept { return Size; }
  bool empty() const noexcept { return Size == 0; }
  /// The number of elements ever dropped to make room.
  std::size_t dropped() const noexcept { return Dropped; }

  void push_back(const T &V) { emplace_back(V); }
  void push_back(T &&V) { emplace_back(std::move(V)); }
  template <class... Args> T &emplace_back(Args &&...A) {
    if (Size == Capacity) {
      // Full: the newest element takes the oldest one's slot.
      T &Slot = Ring[Head];
      Slot = T(std::forward<Args>(A)...);
      Head = (Head + 1) % Capacity;
      ++Dropped;
      return Slot;
    }
    // Not full yet: the ring has not wrapped, Head is 0.
    Ring.emplace_back(std::forward<Args>(A)...);
    ++Size;
    return Ring.back();
  }

  T &operator[](size_type I) { return Ring[(Head + I) % Ring.size()]; }
  const T &operator[](size_type I) const {
    return Ring[(Head + I) % Ring.size()];
  }
  T &at(size_type I) {
    checkIndex(I);
    return (*this)[I];
  }
  const T &at(size_type I) const {
    checkIndex(I);
    return (*this)[I];
  }
  T &front() { return (*this)[0]; }
  const T &front() const { return (*this)[0]; }
  T &back() { return (*this)[Size - 1]; }
  const T &back() const { return (*this)[Size - 1]; }

  iterator begin() noexcept { return iterator(this, 0); }
  iterator end() noexcept { return iterator(this, Size); }
  const_iterator begin() const noexcept { return const_iterator(this, 0); }
  const_iterator end() const noexcept { return const_iterator(this, Size); }
  const_iterator cbegin() const noexcept { return begin(); }
  const_iterator cend() const noexcept { return end(); }

  void clear() noexcept {
    Ring.clear();
    Head = Size = 0;
  }

private:
  void checkIndex(size_type I) const {
    if (I < Size)
      return;
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
    throw std::out_of_range("leakguard::bounded_log::at");
#else
    std::abort();
#endif
  }

  std::vector<T> Ring;
  size_type Capacity;
  size_type Head = 0; // the oldest element's slot
  size_type Size = 0;
  std::size_t Dropped = 0;
};

/// Text that keeps its last max_length() characters: what
/// leak-unbounded-cache suggests for a std::string that is only appended to
/// (a transcript, a debug buffer). Appending past the maximum drops the
/// oldest text; the drop is amortized, so the string may briefly hold up to
/// twice the maximum before it is cut back to it. It offers operator+=,
/// append, push_back, size, length, empty, clear, c_str, data and str().
class bounded_string {
public:
  using size_type = std::size_t;

  /// Text of at most \p max_length characters kept (at least one).
  explicit bounded_string(size_type max_length)
      : Max(max_length == 0 ? 1 : max_length) {}

  size_type max_length() const noexcept { return Max; }
  size_type size() const noexcept { return Text.size() - Start; }
  size_type length() const noexcept { return size(); }
  bool empty() const noexcept { return size() == 0; }
  const char *c_str() const noexcept { return Text.c_str() + Start; }
  const char *data() const noexcept { return c_str(); }
  std::string str() const { return Text.substr(Start); }

  bounded_string &append(const char *S, size_type N) {
    Text.append(S, N);
    trim();
    return *this;
  }
  bounded_string &append(const std::string &S) {
    return append(S.data(), S.size());
  }
  bounded_string &append(const char *S) { return append(std::string(S)); }
  bounded_string &append(size_type N, char C) {
    Text.append(N, C);
    trim();
    return *this;
  }
  bounded_string &operator+=(const std::string &S) { return append(S); }
  bounded_string &operator+=(const char *S) { return append(S); }
  bounded_string &operator+=(char C) { return append(1, C); }
  void push_back(char C) { append(1, C); }
  void clear() noexcept {
    Text.clear();
    Start = 0;
  }

private:
  // The kept text is Text[Start..]; the dropped prefix is erased once it
  // outgrows the maximum, so each character is moved O(1) times.
  void trim() {
    if (Text.size() - Start > Max)
      Start = Text.size() - Max;
    if (Start > Max) {
      Text.erase(0, Start);
      Start = 0;
    }
  }
  std::string Text;
  size_type Max;
  size_type Start = 0;
};

} // namespace leakguard

#endif // LEAKGUARD_TTL_CACHE_H
