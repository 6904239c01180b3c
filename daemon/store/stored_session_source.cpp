#include "store/stored_session_source.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "store/layout_json.hpp"
#include "store/sample_blob.hpp"
#include "store/store_queries.hpp"
#include "store/store_schema.hpp"

namespace stridecue {

StoredSessionSource::StoredSessionSource(const std::string& db_path, std::int64_t session_id)
    : where_(fmt::format("session {} of {}", session_id, db_path)), session_id_(session_id) {
  try {
    db_ = std::make_unique<SqliteConnection>(db_path, SqliteConnection::Mode::read_only, 5000);
    const std::int64_t schema = check_schema(*db_);
    const auto details = store_queries::find_session(*db_, session_id);
    if (!details) {
      failure_ = fmt::format("{}: no such session", where_);
      return;
    }
    layout_ = layout_from_json(nlohmann::json::parse(details->layout_json));
    // A session's schema 1 rows, if any, came before its chunks (store_schema.hpp).
    legacy_blocks_ =
        SqliteStatement(*db_,
                        "SELECT stream, first_sample, receipt_ns, frames, channels, data "
                        "FROM blocks WHERE session_id = ?1 ORDER BY seq");
    legacy_blocks_.bind(1, session_id);
    if (schema >= kFirstChunkedSchema) {
      chunks_ = SqliteStatement(*db_,
                                "SELECT block_count, heads, data FROM block_chunks "
                                "WHERE session_id = ?1 ORDER BY first_seq");
      chunks_.bind(1, session_id);
      has_chunks_ = true;
    }
  } catch (const std::exception& e) {  // sqlite, JSON and layout errors alike
    layout_ = {};
    failure_ = fmt::format("{}: {}", where_, e.what());
  }
}

SourceStatus StoredSessionSource::fail(std::string message) {
  failure_ = fmt::format("{}: {}", where_, message);
  return SourceStatus::failed;
}

bool StoredSessionSource::next_row() {
  if (rows_ == nullptr) rows_ = &legacy_blocks_;
  for (;;) {
    if (rows_->step()) return true;
    rows_->reset();  // ends its read transaction: the writer's checkpoints may pass
    if (rows_ != &legacy_blocks_ || !has_chunks_) return false;
    rows_ = &chunks_;
  }
}

SourceStatus StoredSessionSource::next(SampleBlock& block) {
  if (!failure_.empty()) return SourceStatus::failed;
  if (ended_) return SourceStatus::end;
  try {
    StoredBlockHead head;
    std::span<const unsigned char> bytes;
    if (rows_ == &chunks_ && chunk_.next(head, bytes)) return hand_out(head, bytes, block);
    if (!next_row()) {
      ended_ = true;
      return SourceStatus::end;
    }
    if (rows_ == &legacy_blocks_) {
      const std::int64_t stream = legacy_blocks_.int64(0);
      const std::int64_t frames = legacy_blocks_.int64(3);
      const std::int64_t channels = legacy_blocks_.int64(4);
      if (stream < 0 || frames < 0 || channels < 0 || stream > 0xffff || frames > 0xffffffff ||
          channels > 0xffffffff) {
        return fail(fmt::format("a block of stream {} with {} frames × {} channels", stream, frames,
                                channels));
      }
      head.stream = static_cast<std::uint32_t>(stream);
      head.frames = static_cast<std::uint32_t>(frames);
      head.channels = static_cast<std::uint32_t>(channels);
      head.first_sample = legacy_blocks_.int64(1);
      head.receipt_ns = legacy_blocks_.int64(2);
      bytes = legacy_blocks_.blob(5);
      const auto count = std::size_t{head.frames} * std::size_t{head.channels};
      if (bytes.size() != count * kStoredSampleBytes) {
        return fail(fmt::format("a block of stream {} holds {} bytes, not {} frames × {} channels",
                                stream, bytes.size(), frames, channels));
      }
      return hand_out(head, bytes, block);
    }
    const std::string broken = chunk_.open(chunks_.int64(0), chunks_.blob(1), chunks_.blob(2));
    if (!broken.empty()) return fail(broken);
    if (!chunk_.next(head, bytes)) return fail("an empty chunk of blocks");
    return hand_out(head, bytes, block);
  } catch (const std::runtime_error& e) {
    return fail(e.what());
  }
}

SourceStatus StoredSessionSource::hand_out(const StoredBlockHead& head,
                                           std::span<const unsigned char> bytes,
                                           SampleBlock& block) {
  if (head.stream >= layout_.streams.size()) {
    return fail(fmt::format("a block of stream {}, which the layout does not have", head.stream));
  }
  const std::size_t expected_channels = layout_.streams[head.stream].channels.size();
  if (head.channels != expected_channels) {
    return fail(
        fmt::format("a block of stream {} with {} frames × {} channels (the layout "
                    "has {} channels)",
                    head.stream, head.frames, head.channels, expected_channels));
  }
  decode_samples(bytes, samples_);
  block.stream = static_cast<std::uint16_t>(head.stream);
  block.first_sample = head.first_sample;
  block.receipt_ns = head.receipt_ns;
  block.frames = head.frames;
  block.channels = head.channels;
  block.samples = std::span<const float>(samples_.data(), samples_.size());
  return SourceStatus::block;
}

}  // namespace stridecue
