//===--- out_ptr.h - an owner filled through a C out-parameter ------------===//
//
// Part of leakguard. Header-only, standard C++11 or later, no dependencies.
//
// leakguard::out_ptr(owner) lets a C function that hands out a handle
// through a `T **` parameter fill a std::unique_ptr directly, so that the
// handle is owned from the moment the call returns. It is what
// leak-unclosed-resource suggests for `sqlite3_open(path, &db)` and
// `sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr)`:
//
//   std::unique_ptr<sqlite3, decltype(&sqlite3_close)> db(nullptr, &sqlite3_close);
//   if (sqlite3_open(path, leakguard::out_ptr(db)) != SQLITE_OK)
//     return -1;                  // db is closed here: sqlite3_open gives a
//                                 // handle even when opening fails
//
// out_ptr(owner) makes a temporary that empties the owner (releasing what it
// held), converts to `pointer *` for the call, and when the full expression
// ends (after the whole condition of an `if`, before its branches) gives the
// owner what the call wrote there, if that is not null. The temporary must
// not outlive the expression: take it only as an argument.
//
// This is the part of C++23's std::out_ptr that C handles need, for
// std::unique_ptr and any owner with `pointer`, `reset()` and
// `reset(pointer)`; use std::out_ptr where C++23 is available.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKGUARD_OUT_PTR_H
#define LEAKGUARD_OUT_PTR_H

namespace leakguard {

template <class Owner> class out_ptr_t {
public:
  using pointer = typename Owner::pointer;

  explicit out_ptr_t(Owner &owner) noexcept : owner_(&owner) { owner.reset(); }

  // Moved only out of out_ptr() before C++17's guaranteed elision.
  out_ptr_t(out_ptr_t &&other) noexcept
      : owner_(other.owner_), raw_(other.raw_) {
    other.owner_ = nullptr;
  }
  out_ptr_t(const out_ptr_t &) = delete;
  out_ptr_t &operator=(const out_ptr_t &) = delete;
  out_ptr_t &operator=(out_ptr_t &&) = delete;

  ~out_ptr_t() {
    if (owner_ && raw_)
      owner_->reset(raw_);
  }

  /// Where the call writes the handle.
  operator pointer *() noexcept { return &raw_; }

private:
  Owner *owner_;
  pointer raw_ = nullptr;
};

/// An argument for a `T **` out-parameter that gives \p owner what the
/// call writes there.
template <class Owner> out_ptr_t<Owner> out_ptr(Owner &owner) noexcept {
  return out_ptr_t<Owner>(owner);
}

} // namespace leakguard

#endif // LEAKGUARD_OUT_PTR_H
