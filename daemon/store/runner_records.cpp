#include "store/runner_records.hpp"

#include <fmt/format.h>

#include "store/store_schema.hpp"

namespace stridecue {
namespace {

// A store of schema 1 or 2 (read, not yet migrated by a writer) has no records: empty fields.
std::string columns(SqliteConnection& db) {
  const std::int64_t version = db.query_int64("PRAGMA user_version");
  if (version < kFirstRunnerProfileSchema)
    return "r.id, NULL, NULL, NULL, NULL, NULL, NULL, r.created_utc, NULL, NULL";
  if (version < kFirstProgramSchema)
    return "r.id, r.name, r.body_mass_kg, r.foot_length_m, r.shoe, r.affected_side, r.notes, "
           "r.created_utc, r.updated_utc, NULL";
  return "r.id, r.name, r.body_mass_kg, r.foot_length_m, r.shoe, r.affected_side, r.notes, "
         "r.created_utc, r.updated_utc, r.program_json";
}

RunnerProfile profile_from(const SqliteStatement& row) {
  RunnerProfile p;
  p.id = row.text(0);
  p.name = row.maybe_text(1);
  p.body_mass_kg = row.maybe_real(2);
  p.foot_length_m = row.maybe_real(3);
  p.shoe = row.maybe_text(4);
  p.affected_side = row.maybe_text(5);
  p.notes = row.maybe_text(6);
  p.created_utc = row.text(7);
  p.updated_utc = row.maybe_text(8).value_or(p.created_utc);
  if (const auto program = row.maybe_text(9)) {
    // Written by save_runner from checked JSON; a store edited by hand says so where it is read.
    try {
      p.program = nlohmann::json::parse(*program);
    } catch (const nlohmann::json::exception& e) {
      throw std::runtime_error(
          fmt::format("runner '{}': their program in the store is not JSON "
                      "({})",
                      p.id, e.what()));
    }
  }
  return p;
}

}  // namespace

std::optional<RunnerProfile> read_runner(SqliteConnection& db, const std::string& id) {
  SqliteStatement q(db, fmt::format("SELECT {} FROM runners r WHERE r.id = ?1", columns(db)));
  q.bind(1, std::string_view(id));
  if (!q.step()) return std::nullopt;
  return profile_from(q);
}

std::vector<RunnerListing> list_runners(SqliteConnection& db) {
  SqliteStatement q(db, fmt::format("SELECT {}, count(s.id), max(s.started_utc) FROM runners r "
                                    "LEFT JOIN sessions s ON s.runner_id = r.id "
                                    "GROUP BY r.id ORDER BY r.id",
                                    columns(db)));
  std::vector<RunnerListing> out;
  while (q.step()) {
    RunnerListing l;
    l.profile = profile_from(q);
    l.sessions = static_cast<int>(q.int64(10));
    l.last_utc = q.maybe_text(11);
    out.push_back(std::move(l));
  }
  return out;
}

void save_runner(SqliteConnection& db, const RunnerProfile& p) {
  constexpr const char* kNow = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
  SqliteStatement q(
      db, fmt::format("INSERT INTO runners (id, created_utc, updated_utc, name, body_mass_kg, "
                      "foot_length_m, shoe, affected_side, notes, program_json) "
                      "VALUES (?1, {0}, {0}, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
                      "ON CONFLICT (id) DO UPDATE SET updated_utc = {0}, name = ?2, "
                      "body_mass_kg = ?3, foot_length_m = ?4, shoe = ?5, affected_side = ?6, "
                      "notes = ?7, program_json = ?8",
                      kNow));
  q.bind(1, std::string_view(p.id))
      .bind(2, p.name)
      .bind(3, p.body_mass_kg)
      .bind(4, p.foot_length_m)
      .bind(5, p.shoe)
      .bind(6, p.affected_side)
      .bind(7, p.notes)
      .bind(8, p.program ? std::optional<std::string>(p.program->dump()) : std::nullopt);
  q.run();
}

int counted_sessions(SqliteConnection& db, const std::string& runner_id, double min_running_s,
                     std::int64_t before_session, std::int64_t after_session) {
  SqliteStatement q(db,
                    "SELECT count(*) FROM sessions s WHERE s.runner_id = ?1 "
                    "AND (?3 = 0 OR s.id < ?3) AND s.id > ?4 "
                    "AND (SELECT max(contact_s) - min(contact_s) FROM strides "
                    "     WHERE session_id = s.id) >= ?2");
  q.bind(1, std::string_view(runner_id))
      .bind(2, min_running_s)
      .bind(3, std::int64_t{before_session})
      .bind(4, std::int64_t{after_session});
  q.step();
  return static_cast<int>(q.int64(0));
}

std::int64_t last_session_id(SqliteConnection& db) {
  return db.query_int64("SELECT COALESCE(max(id), 0) FROM sessions");
}

}  // namespace stridecue
