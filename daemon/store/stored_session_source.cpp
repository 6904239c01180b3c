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
    check_schema(*db_);
    const auto details = store_queries::find_session(*db_, session_id);
    if (!details) {
      failure_ = fmt::format("{}: no such session", where_);
      return;
    }
    layout_ = layout_from_json(nlohmann::json::parse(details->layout_json));
    blocks_ = SqliteStatement(*db_,
                              "SELECT stream, first_sample, receipt_ns, frames, channels, data "
                              "FROM blocks WHERE session_id = ?1 ORDER BY seq");
  } catch (const std::exception& e) {  // sqlite, JSON and layout errors alike
    layout_ = {};
    failure_ = fmt::format("{}: {}", where_, e.what());
  }
}

SourceStatus StoredSessionSource::fail(std::string message) {
  failure_ = fmt::format("{}: {}", where_, message);
  return SourceStatus::failed;
}

SourceStatus StoredSessionSource::next(SampleBlock& block) {
  if (!failure_.empty()) return SourceStatus::failed;
  if (ended_) return SourceStatus::end;
  try {
    if (!started_) {
      blocks_.bind(1, session_id_);
      started_ = true;
    }
    if (!blocks_.step()) {
      ended_ = true;
      blocks_.reset();  // ends the read transaction: the writer's checkpoints may pass
      return SourceStatus::end;
    }
    const std::int64_t stream = blocks_.int64(0);
    const std::int64_t frames = blocks_.int64(3);
    const std::int64_t channels = blocks_.int64(4);
    if (stream < 0 || static_cast<std::size_t>(stream) >= layout_.streams.size()) {
      return fail(fmt::format("a block of stream {}, which the layout does not have", stream));
    }
    const std::size_t expected_channels = layout_.streams[stream].channels.size();
    if (frames < 0 || channels < 0 || static_cast<std::size_t>(channels) != expected_channels) {
      return fail(
          fmt::format("a block of stream {} with {} frames × {} channels (the layout "
                      "has {} channels)",
                      stream, frames, channels, expected_channels));
    }
    const auto bytes = blocks_.blob(5);
    const auto count = static_cast<std::size_t>(frames) * static_cast<std::size_t>(channels);
    if (bytes.size() != count * kStoredSampleBytes) {
      return fail(fmt::format("a block of stream {} holds {} bytes, not {} frames × {} channels",
                              stream, bytes.size(), frames, channels));
    }
    decode_samples(bytes, samples_);
    block.stream = static_cast<std::uint16_t>(stream);
    block.first_sample = blocks_.int64(1);
    block.receipt_ns = blocks_.int64(2);
    block.frames = static_cast<std::size_t>(frames);
    block.channels = static_cast<std::size_t>(channels);
    block.samples = std::span<const float>(samples_.data(), samples_.size());
    return SourceStatus::block;
  } catch (const std::runtime_error& e) {
    return fail(e.what());
  }
}

}  // namespace stridecue
