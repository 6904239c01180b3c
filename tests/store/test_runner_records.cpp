// The runners' records (schema 3) and which sessions count in a runner's program.
#include <catch2/catch.hpp>

#include "store/runner_profile.hpp"
#include "store/runner_records.hpp"
#include "store/session_store.hpp"
#include "store/store_schema.hpp"
#include "store_fixtures.hpp"

using namespace stridecue;
using namespace stridecue::test;
using Json = nlohmann::json;

TEST_CASE("a runner's record is stored, read back, changed and listed with their sessions") {
  TempDir dir("runner-records");
  SessionStore store = open_store_now(dir / "s.db");
  RunnerProfile maria;
  maria.id = "R-017";
  apply_runner_fields(maria, Json{{"name", "Maria K"},
                                  {"body_mass_kg", 61.5},
                                  {"foot_length_m", 0.255},
                                  {"shoe", "Novablast 4"},
                                  {"affected_side", "right"},
                                  {"notes", "Achilles, right.\nStarted 2026-11."}});
  save_runner(store.connection(), maria);
  auto read = read_runner(store.connection(), "R-017");
  REQUIRE(read);
  CHECK(read->name == "Maria K");
  CHECK(read->body_mass_kg == Approx(61.5));
  CHECK(read->foot_length_m == Approx(0.255));
  CHECK(read->affected_side == "right");
  CHECK(read->notes == "Achilles, right.\nStarted 2026-11.");
  CHECK_FALSE(read->created_utc.empty());

  // A change keeps what it does not name; null empties a field.
  apply_runner_fields(*read, Json{{"shoe", nullptr}, {"body_mass_kg", 60.0}});
  save_runner(store.connection(), *read);
  const auto changed = read_runner(store.connection(), "R-017");
  CHECK(changed->body_mass_kg == Approx(60.0));
  CHECK_FALSE(changed->shoe);
  CHECK(changed->name == "Maria K");
  CHECK(changed->created_utc == read->created_utc);

  // A runner the daemon created by their first session has a row and no record yet.
  session_with_running(store, "R-020", 10.0);
  session_with_running(store, "R-017", 10.0);
  session_with_running(store, "R-017", 10.0);
  const auto listed = list_runners(store.connection());
  REQUIRE(listed.size() == 2);
  CHECK(listed[0].profile.id == "R-017");
  CHECK(listed[0].sessions == 2);
  CHECK(listed[1].profile.id == "R-020");
  CHECK(listed[1].sessions == 1);
  CHECK_FALSE(listed[1].profile.name);
  CHECK(read_runner(store.connection(), "nobody") == std::nullopt);
}

TEST_CASE("a runner's fields are checked: type, side, length, control characters, unknown") {
  RunnerProfile p;
  p.id = "a";
  const auto field_of = [&](const Json& fields) {
    try {
      apply_runner_fields(p, fields);
    } catch (const RunnerFieldError& e) {
      return e.field();
    }
    return std::string("accepted");
  };
  CHECK(field_of({{"body_mass_kg", "heavy"}}) == "body_mass_kg");
  CHECK(field_of({{"affected_side", "up"}}) == "affected_side");
  CHECK(field_of({{"name", std::string(kRunnerTextMaxLength + 1, 'x')}}) == "name");
  CHECK(field_of({{"name", "a\x1b[31mred"}}) == "name");
  CHECK(field_of({{"notes", "two\nlines\tand a tab"}}) == "accepted");
  CHECK(field_of({{"weight", 70}}) == "weight");
  CHECK(field_of({{"id", "b"}}) == "id");
  CHECK(field_of(Json::array()) == "");
  // All or nothing: a refused change leaves the record as it was.
  p.name = "kept";
  CHECK(field_of({{"name", "changed"}, {"affected_side", "up"}}) == "affected_side");
  CHECK(p.name == "kept");
}

TEST_CASE("only sessions in which the runner ran count in their program") {
  TempDir dir("runner-counted");
  SessionStore store = open_store_now(dir / "s.db");
  session_with_running(store, "ana", 120.0);
  session_with_running(store, "ana", 0.0);   // started and stopped at once
  session_with_running(store, "ana", 30.0);  // half a minute
  session_with_running(store, "ana", 61.0);
  session_with_running(store, "ben", 300.0);
  SourceLayout layout;
  store.begin_session("ana", "{}", layout);  // nobody ran: no strides at all
  CHECK(counted_sessions(store.connection(), "ana", 60.0) == 2);
  CHECK(counted_sessions(store.connection(), "ana", 20.0) == 3);
  CHECK(counted_sessions(store.connection(), "ana", 0.0) == 4);
  CHECK(counted_sessions(store.connection(), "ben", 60.0) == 1);
  CHECK(counted_sessions(store.connection(), "carl", 60.0) == 0);
  CHECK(counted_sessions(store.connection(), "ana", 60.0, 2) == 1);  // before the second
}

TEST_CASE("a store of schema 2 gets the runner columns when a writer opens it") {
  TempDir dir("runner-migrate");
  const std::string path = dir / "s.db";
  {
    SessionStore store = open_store_now(path);
    session_with_running(store, "old", 5.0);
  }
  {
    // As schema 2 left it: no record columns, no programs.
    SqliteConnection db(path, SqliteConnection::Mode::read_write_create, 1000);
    db.exec("DROP TABLE programs");
    for (const char* column : {"name", "body_mass_kg", "foot_length_m", "shoe", "affected_side",
                               "notes", "updated_utc", "program_json"})
      db.exec(std::string("ALTER TABLE runners DROP COLUMN ") + column);
    db.exec("PRAGMA user_version = 2");
  }
  {
    // A reader sees the runner, with an empty record, and leaves the file as it is.
    SessionReader reader(path);
    const auto runners = list_runners(reader.connection());
    REQUIRE(runners.size() == 1);
    CHECK_FALSE(runners[0].profile.name);
    CHECK(reader.connection().query_int64("PRAGMA user_version") == 2);
  }
  SessionStore store = open_store_now(path);
  CHECK(store.connection().query_int64("PRAGMA user_version") == kStoreSchemaVersion);
  RunnerProfile old;
  old.id = "old";
  old.name = "Old Runner";
  save_runner(store.connection(), old);
  CHECK(read_runner(store.connection(), "old")->name == "Old Runner");
  CHECK(list_runners(store.connection())[0].sessions == 1);
}
