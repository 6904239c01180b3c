// A stored session as a SampleSource: its blocks in the order they arrived, with the layout
// they were recorded with, so the engine run offline on a stored session gives the same
// strides as the live run (DESIGN.md, principle 1). Reads one block at a time: memory stays
// flat however long the session.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "source/sample_source.hpp"
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

  std::string where_;  // "session 3 of sessions.db"
  std::int64_t session_id_ = 0;
  SourceLayout layout_;
  std::string failure_;
  std::unique_ptr<SqliteConnection> db_;
  SqliteStatement blocks_;
  bool started_ = false;
  bool ended_ = false;
  std::vector<float> samples_;
};

}  // namespace stridecue
