// A session that its writer left open (killed, crashed, or its disk full at the end) is closed
// by the next writer that has the store alone, at its last stored stride; a session another
// running writer holds open is left alone.
#include <catch2/catch.hpp>
#include <memory>
#include <nlohmann/json.hpp>

#include "store/session_store.hpp"
#include "store_fixtures.hpp"

using namespace stridecue;
using namespace stridecue::test;
using Json = nlohmann::json;

namespace {

StoreOptions options_for(const std::string& path) {
  StoreOptions o;
  o.path = path;
  o.commit_interval_s = 0.0;
  return o;
}

StoredStride stride_at(std::int64_t index, double contact_s) {
  StoredStride s;
  s.index = index;
  s.contact_s = contact_s;
  s.json = "{}";
  return s;
}

}  // namespace

TEST_CASE("store: a session left open is closed by the next writer, at its last stride",
          "[store][recovery]") {
  TempDir dir("store-recovery");
  const std::string path = dir / "s.db";
  std::int64_t id = 0;
  {
    SessionStore store(options_for(path));
    CHECK(store.sessions_recovered() == 0);
    id = store.begin_session("ana", "{}", SourceLayout{}).id;
    for (int i = 0; i < 4; ++i)
      store.add_stride(id, stride_at(i, 10.0 + 20.25 * i));  // the last at 70.75 s
    // Never ended: as after a kill -9, or an end the full disk refused.
  }
  {
    SessionReader reader(path);
    CHECK_FALSE(reader.list_sessions()[0].ended_utc);
  }
  auto next = std::make_unique<SessionStore>(options_for(path));
  CHECK(next->sessions_recovered() == 1);
  SessionReader reader(path);
  const SessionSummary s = reader.list_sessions()[0];
  REQUIRE(s.ended_utc);
  REQUIRE(s.duration_s);
  CHECK(*s.duration_s == Approx(70.75).margin(0.002));
  const Json summary = Json::parse(*reader.find_session(id)->summary_json);
  CHECK(summary["closed_by"] == "recovery");
  CHECK(summary["strides_stored"] == 4);
  // Once: the next opening has nothing left to close, and the runner's numbering goes on.
  CHECK(next->begin_session("ana", "{}", SourceLayout{}).session_number == 2);
  next.reset();  // its writer gone, the new session left open too
  CHECK(SessionStore(options_for(path)).sessions_recovered() == 1);
}

TEST_CASE("store: a session another running writer holds open is not closed under it",
          "[store][recovery]") {
  TempDir dir("store-recovery-busy");
  const std::string path = dir / "s.db";
  SessionStore first(options_for(path));
  const std::int64_t id = first.begin_session("ana", "{}", SourceLayout{}).id;
  first.add_stride(id, stride_at(0, 1.0));
  first.commit();
  SessionStore second(options_for(path));  // e.g. a second daemon started by mistake
  CHECK(second.sessions_recovered() == 0);
  SessionReader reader(path);
  CHECK_FALSE(reader.list_sessions()[0].ended_utc);
  first.end_session(id, std::string("{}"));
  CHECK(SessionReader(path).list_sessions()[0].ended_utc);
}
