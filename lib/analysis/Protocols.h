//===--- Protocols.h - what a unit does around objects and calls ----------===//
//
// Two facts of a unit that a check of another unit (or of this one) needs to
// follow a protocol that spans functions:
//
// - How the objects of a class are destroyed. A `delete` of a pointer to it
//   (or an explicit destructor call) that is a statement of a block, after
//   calls of its methods on the same object at the top of that block
//   (`m->unload(); delete m;`, `close(); delete this;`), records those
//   methods; any other `delete` records none. Objects that are not deleted
//   by hand (locals, parameters, members, globals, temporaries, array
//   elements, bases of other classes) are destroyed "by value", and a class
//   named as a template argument (`std::unique_ptr<M>`, `std::vector<M>`,
//   `make_unique<M>`) may be destroyed by the template's code: neither
//   calls anything first. leak-missing-raii reads this: a member that
//   `unload()` releases on every path is released when every destruction
//   of its objects in the program calls `unload()` first.
//
// - Who refers to a function of external linkage: how many times, and, for
//   a reference that is a call outside any loop and lambda, from which
//   function. The merged summaries derive the functions that run once, at
//   start-up (see summary::SummaryFile::StartUp).
//
// Both come from one walk of the unit's own code: template instantiations
// are not walked (their arguments stand for what they do), only classes
// that may own something through a private pointer member are followed.
// What the walk cannot see it counts against the protocol: a class whose
// objects are destroyed through a pointer to a base, in a unit outside the
// compile database, or by a call of another function (`destroy(m)`) that is
// not `delete` is not known to call anything first.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKGUARD_LIB_ANALYSIS_PROTOCOLS_H
#define LEAKGUARD_LIB_ANALYSIS_PROTOCOLS_H

#include "summary/Summaries.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallVector.h"

namespace clang {
class ASTContext;
class CXXMethodDecl;
class CXXRecordDecl;
class FunctionDecl;
class NamedDecl;
} // namespace clang

namespace leakguard::analysis {

/// Whether leak-missing-raii's class part may judge \p Record, and so
/// whether its destructions are followed: a class defined outside the
/// system headers, not a lambda or a union, with a private pointer member.
bool mayOwnThroughMember(const clang::CXXRecordDecl *Record);

/// Whether \p Record, defined outside the system headers, has a member of
/// an instantiated class type (a container, most often): whether where its
/// objects are made is followed.
bool holdsInstantiatedMember(const clang::CXXRecordDecl *Record);

/// How one unit destroys the objects of one class (summary::ClassSummary,
/// with declarations).
struct ClassDestructions {
  unsigned Deletes = 0;
  /// The methods (canonical) that every delete of the unit calls first.
  llvm::SmallVector<const clang::CXXMethodDecl *, 2> After;
  bool ByValue = false;
  bool Templated = false;
  unsigned LongLived = 0;
  bool ShortLived = false;
};

struct UnitProtocols {
  /// By class (canonical declaration).
  llvm::MapVector<const clang::CXXRecordDecl *, ClassDestructions> Classes;
  /// By function (canonical declaration): functions of external linkage
  /// outside the system headers, free or static members.
  llvm::MapVector<const clang::FunctionDecl *, summary::ReferenceSummary>
      References;
};

/// What to read in scanProtocols().
enum ProtocolFacts : unsigned { Destructions = 1, References = 2 };

/// Reads the unit of \p Context once for \p Facts.
UnitProtocols scanProtocols(clang::ASTContext &Context, unsigned Facts);

/// The cross-unit identity of a class or method (its USR), or "" when other
/// units cannot name it.
std::string protocolKey(const clang::NamedDecl *D);

/// The facts of \p Unit as the summaries write them (by USR; what other
/// units cannot name is left out).
void summarizeProtocols(const UnitProtocols &Unit,
                        summary::SummaryFile &File);

} // namespace leakguard::analysis

#endif // LEAKGUARD_LIB_ANALYSIS_PROTOCOLS_H
