//===--- FixItBuilders.cpp - small, safe source edits for fix-its ---------===//

#include "analysis/FixItBuilders.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringSet.h"

using namespace clang;

namespace leakguard::analysis {

std::optional<std::string> spelledText(const Stmt *S, const SourceManager &SM,
                                       const LangOptions &LangOpts) {
  SourceRange Range = S->getSourceRange();
  if (Range.isInvalid() || Range.getBegin().isMacroID() ||
      Range.getEnd().isMacroID())
    return std::nullopt;
  bool Invalid = false;
  llvm::StringRef Text = Lexer::getSourceText(
      CharSourceRange::getTokenRange(Range), SM, LangOpts, &Invalid);
  if (Invalid || Text.empty())
    return std::nullopt;
  return Text.str();
}

std::string textForMessage(const Stmt *S, const SourceManager &SM,
                           const LangOptions &LangOpts,
                           llvm::StringRef Fallback) {
  if (auto Text = spelledText(S, SM, LangOpts))
    return *Text;
  SourceLocation Begin = SM.getSpellingLoc(S->getBeginLoc());
  SourceLocation End = SM.getSpellingLoc(S->getEndLoc());
  if (Begin.isValid() && End.isValid() &&
      SM.getFileID(Begin) == SM.getFileID(End) &&
      !SM.isBeforeInTranslationUnit(End, Begin)) {
    llvm::StringRef Text = Lexer::getSourceText(
        CharSourceRange::getTokenRange(Begin, End), SM, LangOpts);
    if (!Text.empty())
      return Text.str();
  }
  return Fallback.str();
}

CharSourceRange statementWithSemicolon(const Stmt *S, const SourceManager &SM,
                                       const LangOptions &LangOpts) {
  SourceRange Range = S->getSourceRange();
  if (Range.isInvalid() || Range.getBegin().isMacroID() ||
      Range.getEnd().isMacroID())
    return {};
  SourceLocation AfterSemi = Lexer::findLocationAfterToken(
      Range.getEnd(), tok::semi, SM, LangOpts,
      /*SkipTrailingWhitespaceAndNewLine=*/false);
  if (AfterSemi.isInvalid())
    return {};
  return CharSourceRange::getCharRange(Range.getBegin(), AfterSemi);
}

std::optional<FixItHint> removeStatement(const Stmt *S,
                                         const SourceManager &SM,
                                         const LangOptions &LangOpts) {
  CharSourceRange Range = statementWithSemicolon(S, SM, LangOpts);
  if (Range.isInvalid())
    return std::nullopt;
  auto [File, Begin] = SM.getDecomposedLoc(Range.getBegin());
  auto [EndFile, End] = SM.getDecomposedLoc(Range.getEnd());
  if (File != EndFile)
    return std::nullopt;
  llvm::StringRef Buffer = SM.getBufferData(File);

  // Widen to the whole line when nothing else stands on it.
  unsigned LineStart = Begin;
  while (LineStart > 0 && (Buffer[LineStart - 1] == ' ' ||
                           Buffer[LineStart - 1] == '\t'))
    --LineStart;
  unsigned LineEnd = End;
  while (LineEnd < Buffer.size() &&
         (Buffer[LineEnd] == ' ' || Buffer[LineEnd] == '\t'))
    ++LineEnd;
  bool AloneOnLine = (LineStart == 0 || Buffer[LineStart - 1] == '\n') &&
                     (LineEnd == Buffer.size() || Buffer[LineEnd] == '\n');
  if (AloneOnLine) {
    // Take the newline before the line rather than the one after it: a
    // removal that ends at the start of the next line is widened by one
    // character when clang-tidy turns it into a replacement.
    if (LineStart > 0) {
      Begin = LineStart - 1;
      End = LineEnd;
    } else {
      Begin = LineStart;
      End = LineEnd < Buffer.size() ? LineEnd + 1 : LineEnd;
    }
  }
  SourceLocation FileStart = SM.getLocForStartOfFile(File);
  return FixItHint::CreateRemoval(CharSourceRange::getCharRange(
      FileStart.getLocWithOffset(Begin), FileStart.getLocWithOffset(End)));
}

std::string indentationOf(SourceLocation Loc, const SourceManager &SM) {
  auto [File, Offset] = SM.getDecomposedLoc(SM.getSpellingLoc(Loc));
  llvm::StringRef Buffer = SM.getBufferData(File);
  unsigned LineStart = Offset;
  while (LineStart > 0 && Buffer[LineStart - 1] != '\n')
    --LineStart;
  unsigned IndentEnd = LineStart;
  while (IndentEnd < Buffer.size() &&
         (Buffer[IndentEnd] == ' ' || Buffer[IndentEnd] == '\t'))
    ++IndentEnd;
  return Buffer.slice(LineStart, IndentEnd).str();
}

std::string freshName(llvm::ArrayRef<llvm::StringRef> Candidates,
                      const Stmt *Scope, const SourceManager &SM,
                      const LangOptions &LangOpts) {
  llvm::StringSet<> Used;
  CharSourceRange Range =
      CharSourceRange::getTokenRange(Scope->getSourceRange());
  Range = Lexer::makeFileCharRange(Range, SM, LangOpts);
  if (Range.isValid()) {
    auto [File, Begin] = SM.getDecomposedLoc(Range.getBegin());
    llvm::StringRef Buffer = SM.getBufferData(File);
    unsigned End = SM.getFileOffset(Range.getEnd());
    Lexer Lex(SM.getLocForStartOfFile(File), LangOpts, Buffer.begin(),
              Buffer.begin() + Begin, Buffer.end());
    Token Tok;
    tok::TokenKind Previous = tok::unknown;
    while (!Lex.LexFromRawLexer(Tok) &&
           SM.getFileOffset(Tok.getLocation()) < End) {
      if (Tok.is(tok::raw_identifier) &&
          !(Previous == tok::period || Previous == tok::arrow ||
            Previous == tok::coloncolon))
        Used.insert(Tok.getRawIdentifier());
      Previous = Tok.getKind();
    }
  }
  for (llvm::StringRef Name : Candidates)
    if (!Used.contains(Name))
      return Name.str();
  for (unsigned Suffix = 2;; ++Suffix) {
    std::string Name = Candidates.front().str() + std::to_string(Suffix);
    if (!Used.contains(Name))
      return Name;
  }
}

std::optional<std::string> textInside(SourceRange Range,
                                      const SourceManager &SM,
                                      const LangOptions &LangOpts) {
  if (Range.isInvalid() || Range.getBegin().isMacroID() ||
      Range.getEnd().isMacroID())
    return std::nullopt;
  SourceLocation Begin = Range.getBegin().getLocWithOffset(1);
  CharSourceRange Inner = CharSourceRange::getCharRange(Begin, Range.getEnd());
  bool Invalid = false;
  StringRef Text = Lexer::getSourceText(Inner, SM, LangOpts, &Invalid);
  if (Invalid)
    return std::nullopt;
  return Text.str();
}

std::optional<std::string> textOf(SourceRange Range, const SourceManager &SM,
                                  const LangOptions &LangOpts) {
  if (Range.isInvalid() || Range.getBegin().isMacroID() ||
      Range.getEnd().isMacroID())
    return std::nullopt;
  bool Invalid = false;
  StringRef Text = Lexer::getSourceText(CharSourceRange::getTokenRange(Range),
                                        SM, LangOpts, &Invalid);
  if (Invalid || Text.empty())
    return std::nullopt;
  return Text.str();
}

} // namespace leakguard::analysis
