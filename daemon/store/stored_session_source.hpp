// A stored session as a SampleSource: its blocks in the order they arrived, with the layout
// they were recorded with, so the engine run offline on a stored session gives the same
// strides as the live run (DESIGN.md, principle 1). Reads one row at a time (a block of schema
// 1's `blocks`, then a chunk of `block_chunks`): memory stays flat however long the session.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "source/sample_source.hpp"
#include "store/block_chunk.hpp"
#include "store/sqlite_connection.hpp"

namespace stridecue {

class StoredSessionSource final : public SampleSource {
 public:
  // Opens the store read-only. Never throws: a missing file or session, or a layout that does
  // not read, leaves failure() set (naming the database and the session) and an empty layout.
  StoredSessionSource(const std::string& db_path, std::int64_t session_id);

  const SourceLayout& layout() const override { return layout_; }
  SourceStatus next(SampleBlock& block) override;
  const std::string& failure() const override { return failure_; }

 private:
  SourceStatus fail(std::string message);
  // Steps `rows_` to its next row, moving from `blocks` on to `block_chunks`; false at the end.
  bool next_row();
  // Checks a block against the layout and hands it out.
  SourceStatus hand_out(const StoredBlockHead& head, std::span<const unsigned char> bytes,
                        SampleBlock& block);

  std::string where_;  // "session 3 of sessions.db"
  std::int64_t session_id_ = 0;
  SourceLayout layout_;
  std::string failure_;
  std::unique_ptr<SqliteConnection> db_;
  SqliteStatement legacy_blocks_, chunks_;
  bool has_chunks_ = false;          // a schema 1 store has no block_chunks
  SqliteStatement* rows_ = nullptr;  // the one being read; none before the first next()
  BlockChunkReader chunk_;           // over the current row of chunks_
  bool ended_ = false;
  std::vector<float> samples_;
};

}  // namespace stridecue
