//===--- IncludePlacement.cpp - #include insertions outside #if blocks ----===//

#include "analysis/IncludePlacement.h"
#include "clang/Lex/Lexer.h"
#include <vector>

using namespace clang;

namespace leakguard::analysis {
namespace {

/// A preprocessor directive of the file, by the lines it covers.
struct Directive {
  enum Kind { Open, Close, Include, Define, Other } What = Other;
  unsigned LineStart = 0;     ///< Where the line of its `#` starts.
  unsigned NextLineStart = 0; ///< Where the line after it starts.
  StringRef Name;             ///< `#ifndef X`, `#define X`: X.
};

/// The directives of \p File, in order, and whether anything but comments
/// follows the last one (which rules out an include guard).
struct Directives {
  std::vector<Directive> List;
  bool CodeBeforeFirst = false;
  bool CodeAfterLast = false;
};

Directives readDirectives(const SourceManager &SM, FileID File,
                          const LangOptions &LangOpts) {
  Directives Result;
  llvm::StringRef Code = SM.getBufferData(File);
  Lexer Lex(File, SM.getBufferOrFake(File), SM, LangOpts);
  Lex.SetCommentRetentionState(false);
  auto OffsetOf = [&](const Token &T) {
    return SM.getFileOffset(T.getLocation());
  };
  auto LineStartOf = [&](unsigned Offset) {
    // rfind looks at the characters before Offset.
    size_t NewLine = Code.rfind('\n', Offset);
    return NewLine == StringRef::npos ? 0u : unsigned(NewLine + 1);
  };
  Token Tok;
  Lex.LexFromRawLexer(Tok);
  while (Tok.isNot(tok::eof)) {
    if (!(Tok.is(tok::hash) && Tok.isAtStartOfLine())) {
      if (Result.List.empty())
        Result.CodeBeforeFirst = true;
      Result.CodeAfterLast = true;
      Lex.LexFromRawLexer(Tok);
      continue;
    }
    Directive D;
    D.LineStart = LineStartOf(OffsetOf(Tok));
    // The end of the directive's last token so far.
    unsigned End = OffsetOf(Tok) + Tok.getLength();
    Lex.LexFromRawLexer(Tok);
    if (Tok.is(tok::raw_identifier) && !Tok.isAtStartOfLine()) {
      StringRef Word = Tok.getRawIdentifier();
      if (Word == "if" || Word == "ifdef" || Word == "ifndef")
        D.What = Directive::Open;
      else if (Word == "endif")
        D.What = Directive::Close;
      else if (Word == "include" || Word == "import" || Word == "include_next")
        D.What = Directive::Include;
      else if (Word == "define")
        D.What = Directive::Define;
      bool Named = Word == "ifndef" || Word == "define";
      Lex.LexFromRawLexer(Tok);
      if (Named && Tok.is(tok::raw_identifier) && !Tok.isAtStartOfLine())
        D.Name = Tok.getRawIdentifier();
    }
    // The rest of the directive's line (continuations included: the lexer
    // does not see a line start after a backslash-newline).
    while (Tok.isNot(tok::eof) && !Tok.isAtStartOfLine()) {
      End = OffsetOf(Tok) + Tok.getLength();
      Lex.LexFromRawLexer(Tok);
    }
    size_t NewLine = Code.find('\n', std::min<size_t>(End, Code.size()));
    D.NextLineStart =
        NewLine == StringRef::npos ? Code.size() : unsigned(NewLine + 1);
    Result.List.push_back(D);
    Result.CodeAfterLast = false;
  }
  return Result;
}

/// The index of the `#endif` that closes the block opened at \p Open, or
/// the size of \p List when the block is never closed.
size_t closingOf(const std::vector<Directive> &List, size_t Open) {
  unsigned Depth = 0;
  for (size_t I = Open; I < List.size(); ++I) {
    if (List[I].What == Directive::Open)
      ++Depth;
    else if (List[I].What == Directive::Close && --Depth == 0)
      return I;
  }
  return List.size();
}

/// Whether the file is a header with an include guard: `#ifndef X`,
/// `#define X` first, its `#endif` last, nothing but comments around.
bool hasIncludeGuard(const Directives &D) {
  const std::vector<Directive> &L = D.List;
  return !D.CodeBeforeFirst && !D.CodeAfterLast && L.size() >= 3 &&
         L[0].What == Directive::Open && !L[0].Name.empty() &&
         L[1].What == Directive::Define && L[1].Name == L[0].Name &&
         closingOf(L, 0) == L.size() - 1;
}

} // namespace

unsigned includeOffsetOutsideConditionals(const SourceManager &SM, FileID File,
                                          unsigned Proposed,
                                          const LangOptions &LangOpts) {
  Directives D = readDirectives(SM, File, LangOpts);
  const std::vector<Directive> &L = D.List;
  unsigned Size = SM.getBufferData(File).size();
  // The top level: the whole file, or the inside of its include guard.
  size_t First = 0, Last = L.size();
  if (hasIncludeGuard(D)) {
    if (Proposed <= L[0].LineStart || Proposed >= L.back().LineStart)
      return Proposed; // Outside the guard (the file's first line): as is.
    First = 2;
    Last = L.size() - 1;
  }
  std::optional<unsigned> AfterInclude;
  for (size_t I = First; I < Last; ++I) {
    if (L[I].What == Directive::Include) {
      if (L[I].LineStart >= Proposed)
        break;
      AfterInclude = L[I].NextLineStart;
      continue;
    }
    if (L[I].What != Directive::Open)
      continue;
    // A top-level block: [its #if line, the line after its #endif).
    size_t Close = closingOf(L, I);
    unsigned BlockStart = L[I].LineStart;
    unsigned BlockEnd = Close < L.size() ? L[Close].NextLineStart : Size;
    if (BlockStart >= Proposed)
      break;
    if (Proposed < BlockEnd)
      return AfterInclude ? *AfterInclude : BlockStart;
    I = std::min(Close, Last);
  }
  return Proposed;
}

std::optional<FixItHint> insertInclude(tidy::utils::IncludeInserter &Inserter,
                                       const SourceManager &SM, FileID File,
                                       llvm::StringRef Header,
                                       const LangOptions &LangOpts) {
  std::optional<FixItHint> Hint = Inserter.createIncludeInsertion(File, Header);
  if (!Hint)
    return Hint;
  SourceLocation At = Hint->RemoveRange.getBegin();
  if (At.isInvalid() || SM.getFileID(At) != File)
    return Hint;
  unsigned Proposed = SM.getFileOffset(At);
  unsigned Offset =
      includeOffsetOutsideConditionals(SM, File, Proposed, LangOpts);
  if (Offset == Proposed)
    return Hint;
  // The inserter may have added a blank line to start a block of its own;
  // at the new place the include is one line.
  StringRef Line = StringRef(Hint->CodeToInsert).trim('\n');
  return FixItHint::CreateInsertion(
      SM.getLocForStartOfFile(File).getLocWithOffset(Offset),
      (Line + "\n").str());
}

} // namespace leakguard::analysis
