#include "live/runner_requests.hpp"

#include <fmt/format.h>

#include <optional>
#include <utility>

#include "api/api_error.hpp"
#include "live/program_templates.hpp"
#include "live/recorder.hpp"
#include "live/runner_program.hpp"
#include "live/runner_settings.hpp"
#include "settings/runner_id.hpp"
#include "settings/settings_json.hpp"
#include "store/program_records.hpp"
#include "store/runner_records.hpp"

namespace stridecue {
namespace {

using Json = nlohmann::json;

ApiReply store_not_open() {
  return api_error(503, "the session store is not open (see recording in GET /api/v1/status)");
}

// Runs `task` (store → reply) on the recorder thread; a store error is a 503 naming it.
template <typename Task>
void on_store(Recorder& recorder, ReplyCallback done, Task task) {
  recorder.with_store([done = std::move(done), task = std::move(task)](SessionStore* store) {
    if (!store) return done(store_not_open());
    try {
      done(task(*store));
    } catch (const RunnerFieldError& e) {
      done(api_error(422, e.what(), e.field()));
    } catch (const SettingsError& e) {
      done(api_error(422, e.what(), e.field()));
    } catch (const std::exception& e) {
      done(api_error(503, std::string("the session store failed: ") + e.what()));
    }
  });
}

ApiReply no_runner(const std::string& id) {
  return api_error(404, fmt::format("no runner '{}' in the store", printable_runner_id(id)));
}

// Checks and stores `profile` with `fields` applied; the record as stored.
Json save(SessionStore& store, RunnerProfile profile, const Json& fields) {
  apply_runner_changes(store.connection(), profile, fields);
  check_runner_ranges(profile);
  save_runner(store.connection(), profile);
  store.commit();  // on disk before the reply says so
  return runner_profile_json(*read_runner(store.connection(), profile.id));
}

ApiReply no_program(SessionStore& store, const std::string& name) {
  return api_error(404, fmt::format("no program \"{}\" (there are: {})", name,
                                    program_names(&store.connection())));
}

}  // namespace

void list_programs_request(Recorder& recorder, ReplyCallback done) {
  on_store(recorder, std::move(done), [](SessionStore& store) -> ApiReply {
    Json all = Json::array();
    for (const ProgramTemplate& t : all_programs(&store.connection()))
      all.push_back(program_template_json(t));
    return {200, {{"programs", std::move(all)}}};
  });
}

void show_program_request(Recorder& recorder, const std::string& name, ReplyCallback done) {
  on_store(recorder, std::move(done), [name](SessionStore& store) -> ApiReply {
    const auto found = find_program(&store.connection(), name);
    if (!found) return no_program(store, name);
    return {200, program_template_json(*found)};
  });
}

void add_program_request(Recorder& recorder, const Json& body, ReplyCallback done) {
  ProgramTemplate t;
  try {
    t = program_template_from_json(body);
  } catch (const SettingsError& e) {
    return done(api_error(422, e.what(), e.field()));
  }
  on_store(recorder, std::move(done), [t](SessionStore& store) -> ApiReply {
    const auto found = find_program(&store.connection(), t.name);
    if (found) {
      return api_error(409, fmt::format("there is a program \"{}\" already{}", t.name,
                                        found->builtin ? " (built in)"
                                                       : " (DELETE /api/v1/programs/<name> "
                                                         "removes it)"));
    }
    save_program_template(store.connection(), t);
    store.commit();
    return {201, program_template_json(*find_program(&store.connection(), t.name))};
  });
}

void delete_program_request(Recorder& recorder, const std::string& name, ReplyCallback done) {
  on_store(recorder, std::move(done), [name](SessionStore& store) -> ApiReply {
    const auto found = find_program(&store.connection(), name);
    if (!found) return no_program(store, name);
    if (found->builtin) return api_error(409, fmt::format("\"{}\" is built in and stays", name));
    delete_program(store.connection(), name);
    store.commit();
    // The runners given it keep their copy.
    return {200, {{"deleted", name}}};
  });
}

void list_runners_request(Recorder& recorder, ReplyCallback done) {
  on_store(recorder, std::move(done), [](SessionStore& store) -> ApiReply {
    Json all = Json::array();
    for (const RunnerListing& r : list_runners(store.connection())) {
      Json j = runner_profile_json(r.profile);
      j["sessions"] = r.sessions;
      j["last_session_utc"] = r.last_utc ? Json(*r.last_utc) : Json(nullptr);
      all.push_back(std::move(j));
    }
    return {200, {{"runners", std::move(all)}}};
  });
}

void show_runner_request(Recorder& recorder, const std::string& id, ReplyCallback done) {
  on_store(recorder, std::move(done), [id](SessionStore& store) -> ApiReply {
    const auto profile = read_runner(store.connection(), id);
    if (!profile) return no_runner(id);
    return {200, runner_profile_json(*profile)};
  });
}

void add_runner_request(Recorder& recorder, const Json& body, ReplyCallback done) {
  if (!body.contains("id")) return done(api_error(422, "a new runner needs an \"id\"", "id"));
  if (auto problem = runner_id_value_problem(body["id"]))
    return done(api_error(422, std::move(*problem), "id"));
  const std::string id = body["id"].get<std::string>();
  on_store(recorder, std::move(done), [id, body](SessionStore& store) -> ApiReply {
    if (read_runner(store.connection(), id)) {
      return api_error(409, fmt::format("runner '{}' is already in the store (PATCH "
                                        "/api/v1/runners/<id> changes them)",
                                        printable_runner_id(id)));
    }
    RunnerProfile fresh;
    fresh.id = id;
    return {201, save(store, fresh, body)};
  });
}

void edit_runner_request(Recorder& recorder, const std::string& id, const Json& body,
                         ReplyCallback done) {
  if (auto problem = runner_id_problem(id)) return done(api_error(404, std::move(*problem)));
  on_store(recorder, std::move(done), [id, body](SessionStore& store) -> ApiReply {
    const auto profile = read_runner(store.connection(), id);
    if (!profile) return no_runner(id);
    return {200, save(store, *profile, body)};
  });
}

}  // namespace stridecue
