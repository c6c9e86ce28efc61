// The `trellis` binary as a user runs it, on both backends.
#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <regex>

#include <atomic>
#include <chrono>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "formats/framework_text.hpp"
#include "formats/template_files.hpp"
#include "http_client.hpp"
#include "service/actions.hpp"
#include "service/audit_trail.hpp"
#include "service/contexts.hpp"
#include "service/framework_editing.hpp"
#include "service/register.hpp"
#include "service/reports.hpp"
#include "service/responses.hpp"
#include "service/scale_demo.hpp"
#include "service/search.hpp"
#include "store/audit_repo.hpp"
#include "store/user_repo.hpp"
#include "test_db.hpp"

namespace trellis {
namespace {

const std::string kBinary = std::string(TRELLIS_BINARY_DIR) + "/trellis";

// A framework in the layout of a Word table saved as plain text, kept with the tests.
std::string seed_path()
{
    return std::string(TRELLIS_SOURCE_DIR) + "/tests/fixtures/outcomes-framework-riverside.txt";
}

std::string slurp(const std::filesystem::path& p)
{
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string quote(const std::string& s)
{
    std::string out = "'";
    for (char c : s) out += (c == '\'') ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

struct Run {
    int code = -1;
    std::string out;
    std::string err;
};

class Cli {
public:
    explicit Cli(std::string db) : db_(std::move(db)), dir_(testing::temp_folder("trellis-cli")) {}
    ~Cli() { std::filesystem::remove_all(dir_); }

    // Runs `trellis --db DB ARGS` in a private working folder.
    Run operator()(const std::string& args, const std::string& stdin_text = "") const
    {
        return raw((db_.empty() ? "" : "--db " + quote(db_) + " ") + args, stdin_text);
    }
    Run raw(const std::string& args, const std::string& stdin_text = "") const
    {
        auto in = dir_ / "stdin", out = dir_ / "stdout", err = dir_ / "stderr";
        std::ofstream(in) << stdin_text;
        auto cmd = "cd " + quote(dir_.string()) + " && " + quote(kBinary) + " " + args + " <" + quote(in.string()) +
                   " >" + quote(out.string()) + " 2>" + quote(err.string());
        int status = std::system(cmd.c_str());
        return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
    }
    const std::filesystem::path& dir() const { return dir_; }

private:
    std::string db_;
    std::filesystem::path dir_;
};

TEST(CliImport, JsonPrintsTheSeedAndTouchesNoDatabase)
{
    Cli cli("");
    auto r = cli.raw("import " + quote(seed_path()) + " --json");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_FALSE(std::filesystem::exists(cli.dir() / "data")) << "import --json must write nothing";
    auto j = nlohmann::json::parse(r.out);
    auto expected = formats::parse_framework_text(slurp(seed_path()));
    ASSERT_TRUE(expected.has_value());
    ASSERT_EQ(j["areas"].size(), expected->areas.size());
    int goals = 0, stages = 0;
    for (std::size_t a = 0; a < expected->areas.size(); ++a) {
        EXPECT_EQ(j["areas"][a]["name"], expected->areas[a].name);
        for (std::size_t g = 0; g < j["areas"][a]["goals"].size(); ++g, ++goals) {
            const auto& goal = j["areas"][a]["goals"][g];
            EXPECT_EQ(goal["statement"], expected->areas[a].goals[g].statement);
            for (auto s : kStages) {
                // A stage not written yet is left out of the JSON.
                auto stage = goal["stages"].value(std::string(to_string(s)), nlohmann::json::object());
                auto text = stage.value("text", std::string());
                EXPECT_EQ(text, expected->areas[a].goals[g].stage(s).text);
                stages += text.empty() ? 0 : 1;
            }
        }
    }
    EXPECT_EQ(goals, 4);
    EXPECT_EQ(stages, 14) << "two stages of the fixture are not written yet";
}

TEST(CliUsage, ExitCodesAndOneLineErrors)
{
    Cli cli("");
    EXPECT_EQ(cli.raw("--help").code, 0);
    EXPECT_EQ(cli.raw("import --help").code, 0);
    auto unknown = cli.raw("frobnicate");
    EXPECT_EQ(unknown.code, 2);
    auto missing_arg = cli.raw("import");
    EXPECT_EQ(missing_arg.code, 2);
    EXPECT_NE(missing_arg.err.find("FILE is required"), std::string::npos) << missing_arg.err;
    auto no_file = cli.raw("import /nonexistent/file.txt --json");
    EXPECT_EQ(no_file.code, 1);
    EXPECT_EQ(no_file.err, "trellis: Cannot read /nonexistent/file.txt: No such file or directory\n");
    std::ofstream(cli.dir() / "bad.txt") << "A title\n\tOnly one cell\n";
    auto bad = cli.raw("import bad.txt --json");
    EXPECT_EQ(bad.code, 1);
    EXPECT_TRUE(bad.err.starts_with("trellis: bad.txt: line ")) << bad.err;
    EXPECT_EQ(std::count(bad.err.begin(), bad.err.end(), '\n'), 1) << bad.err;
    auto bad_db = cli.raw("--db mysql://x context list");
    EXPECT_EQ(bad_db.code, 1);
    EXPECT_NE(bad_db.err.find("sqlite:PATH or postgresql://"), std::string::npos);
}

class CliTest : public ::testing::TestWithParam<testing::Backend> {
protected:
    void SetUp() override
    {
        database = std::make_unique<testing::TestDatabase>(GetParam());
        ASSERT_TRUE(database->ok()) << database->problem();
        cli = std::make_unique<Cli>(database->url());
    }
    std::unique_ptr<testing::TestDatabase> database;
    std::unique_ptr<Cli> cli;
};

nlohmann::json without_context(nlohmann::json j)
{
    j.erase("context");
    return j;
}

TEST_P(CliTest, DemoCreatesSignInsOnceAndRenewsThem)
{
    auto r = (*cli)("demo");
    ASSERT_EQ(r.code, 0) << r.err;
    for (const char* role : {"admin", "lead", "practitioner", "partner", "viewer"})
        EXPECT_NE(r.out.find(std::string(role) + "@demo.trellis.test"), std::string::npos) << role;
    auto again = (*cli)("demo");
    EXPECT_EQ(again.code, 1);
    EXPECT_EQ(again.err, "trellis: The demo partnership already exists.\n");
    auto quiet = (*cli)("demo --if-empty");
    EXPECT_EQ(quiet.code, 0);
    EXPECT_EQ(quiet.out.find("@demo"), std::string::npos);
    auto renewed = (*cli)("demo --new-passwords");
    ASSERT_EQ(renewed.code, 0) << renewed.err;
    EXPECT_NE(renewed.out.find("lead@demo.trellis.test"), std::string::npos);
    EXPECT_NE(renewed.out, r.out);

    auto contexts = (*cli)("context list");
    EXPECT_NE(contexts.out.find("Millbrook Road friendship group"), std::string::npos);
    EXPECT_NE(contexts.out.find("Hollins Park"), std::string::npos);
    auto shown = (*cli)("framework show 1");
    ASSERT_EQ(shown.code, 0) << shown.err;
    for (const char* area : {"Young People and Peer Groups", "Environment and Community", "Guardianship Capacity"})
        EXPECT_NE(shown.out.find(area), std::string::npos) << area;
    EXPECT_EQ(shown.out.find("(not written yet)"), std::string::npos) << "the demo framework is complete";
    EXPECT_NE(shown.out.find("[version 2, Lena Lead"), std::string::npos);
    auto missing = (*cli)("framework show 999");
    EXPECT_EQ(missing.code, 1);
    EXPECT_EQ(missing.err, "trellis: There is no such framework.\n");
}

// The generator at a small size: every part written, busy and quiet contexts,
// monthly counts that match the log, and a trail whose chain verifies.
TEST_P(CliTest, AScaledDemoSpreadsItsWorkLikeAPartnershipAndItsTrailVerifies)
{
    auto templates = formats::load_templates(std::string(TRELLIS_SOURCE_DIR) + "/share/templates");
    ASSERT_TRUE(templates) << templates.error().message;
    service::ScaleCounts counts{200, 300, 2'000, 200, 20'000, 5'000, 12};
    std::int64_t told = 0;
    auto db = database->connect();
    auto made = service::create_scale_demo(*db, *templates, counts,
                                           [&](std::string_view, std::int64_t, std::int64_t) { ++told; });
    ASSERT_TRUE(made) << made.error().message;
    EXPECT_GT(told, 5);
    auto count = [&](const std::string& sql) { return db->query(sql).value().first().integer(0); };
    EXPECT_EQ(count("SELECT COUNT(*) FROM contexts"), 200 + 4);
    EXPECT_EQ(count("SELECT COUNT(*) FROM young_people"), 300 + 8);
    EXPECT_GE(count("SELECT COUNT(*) FROM evidence"), 2'000);
    EXPECT_GE(count("SELECT COUNT(*) FROM responses"), 20'000);
    EXPECT_GE(count("SELECT COUNT(*) FROM audit_events"), 5'000);
    EXPECT_EQ(count("SELECT COUNT(*) FROM frameworks"), made->grown.frameworks + 1);
    EXPECT_GT(made->grown.frameworks, 100);
    EXPECT_GT(count("SELECT COUNT(*) FROM evidence_young_people"), 0);
    EXPECT_GT(count("SELECT COUNT(*) FROM evidence_stages"), 0);
    EXPECT_GT(count("SELECT COUNT(*) FROM contexts WHERE stage = 'closed'"), 20);
    EXPECT_EQ(count("SELECT SUM(responses) FROM response_months"), count("SELECT COUNT(*) FROM responses"));
    EXPECT_GT(count("SELECT COUNT(*) FROM voice_themes"), count("SELECT COUNT(*) FROM voices"));
    EXPECT_EQ(count("SELECT SUM(quotes) FROM voice_theme_counts"), count("SELECT COUNT(*) FROM voice_themes"));
    // The friendship group takes about a tenth; the busiest tenth of the
    // contexts hold more than the quietest half.
    auto busy = count(fmt::format("SELECT COUNT(*) FROM responses WHERE context_id = {}", made->demo.group.value));
    EXPECT_GT(busy, 20'000 / 20);
    auto sum_of = [&](const char* order, int n) {
        return count(fmt::format(
            "SELECT COALESCE(SUM(n), 0) FROM (SELECT (SELECT COUNT(*) FROM responses r WHERE r.context_id = c.id) "
            "AS n FROM contexts c ORDER BY n {} LIMIT {}) q",
            order, n));
    };
    EXPECT_GT(sum_of("DESC", 20), 2 * sum_of("ASC", 100));
    // The test process chains with the development key, as the generator did.
    auto chain = store::audit::verify_chain(*db);
    ASSERT_TRUE(chain) << chain.error().message;
    EXPECT_TRUE(chain->intact) << chain->problem;
    EXPECT_GE(chain->checked, 5'000);
    auto again = (*cli)("demo --scale");
    EXPECT_EQ(again.code, 1);
    EXPECT_EQ(again.err, "trellis: The demo partnership already exists.\n");
    EXPECT_NE((*cli)("demo --scale 0").code, 0);
}

// Every statement the main pages' use cases run on a generated partnership,
// explained by the database: none may read the whole of a table that grows
// with the work. PostgreSQL is told to avoid sequential scans, which it prefers
// on tables this small; then only a scan with no index to use remains.
TEST_P(CliTest, TheMainPagesReadLargeTablesThroughIndexes)
{
    auto templates = formats::load_templates(std::string(TRELLIS_SOURCE_DIR) + "/share/templates");
    ASSERT_TRUE(templates) << templates.error().message;
    auto db = database->connect();
    auto made = service::create_scale_demo(*db, *templates, {200, 300, 2'000, 200, 20'000, 5'000, 12}, {});
    ASSERT_TRUE(made) << made.error().message;
    bool sqlite = db->backend() == store::Backend::Sqlite;
    if (!sqlite) {
        // Statistics, as autovacuum keeps them on a running install (Trellis
        // runs no ANALYZE on SQLite, so its plans there come from the schema).
        ASSERT_TRUE(db->query("ANALYZE"));
        ASSERT_TRUE(db->query("SET enable_seqscan = off"));
    }
    auto p = made->demo.partnership;
    auto group = made->demo.group;
    auto lead_id = db->query("SELECT id FROM users WHERE email = 'lead@demo.trellis.test'")->first().integer(0);
    auto lead = store::users::get(*db, p, UserId{lead_id});
    ASSERT_TRUE(lead);

    std::vector<std::pair<std::string, store::Params>> statements;
    db->observe([&](std::string_view sql, const store::Params& params, auto) {
        if (sql.starts_with("SELECT")) statements.emplace_back(std::string(sql), params);
    });
    auto run = [&](const char* what, auto result) { EXPECT_TRUE(result.has_value()) << what; };
    run("contexts", service::contexts_page(*db, *lead, {}, 1));
    run("contexts by name", service::contexts_page(*db, *lead, {"park", std::nullopt, std::nullopt}, 1));
    run("context", service::context(*db, *lead, group));
    run("frameworks of the context", service::frameworks_of(*db, *lead, group));
    run("framework", service::framework(*db, *lead, made->demo.framework));
    run("responses", service::response_log(*db, *lead, group, {}, 1));
    run("responses by month", service::response_months(*db, *lead, group));
    run("evidence", service::evidence_of(*db, *lead, group, 25));
    run("young people", service::register_page(*db, *lead, group, 1, 50));
    ContextId quiet{db->query("SELECT MAX(id) FROM contexts")->first().integer(0)};
    run("young people of a quiet context", service::register_page(*db, *lead, quiet, 1, 50));
    run("the register's choice of a quiet context", service::register_choice(*db, *lead, quiet));
    run("voices", service::voices_page(*db, *lead, group, "", 1));
    run("context dashboard", service::context_dashboard(*db, *lead, group));
    run("partnership dashboard", service::partnership_dashboard(*db, *lead));
    run("actions", service::partnership_actions(*db, *lead, {}, today_utc(), 1));
    auto partner_id = db->query("SELECT id FROM users WHERE email = 'partner@demo.trellis.test'")->first().integer(0);
    auto partner = store::users::get(*db, p, UserId{partner_id});
    ASSERT_TRUE(partner && partner->agency);
    run("an agency's actions", service::agency_actions(*db, *partner, {}, today_utc(), 1));
    auto few = db->query(
        "SELECT u.id FROM users u JOIN allocations a ON a.user_id = u.id WHERE u.role = 'practitioner' GROUP BY u.id "
        "ORDER BY COUNT(*), u.id LIMIT 1");
    ASSERT_TRUE(few && !few->empty());
    auto practitioner = store::users::get(*db, p, UserId{few->first().integer(0)});
    ASSERT_TRUE(practitioner);
    run("a practitioner's search", service::search(*db, *practitioner, "underpass", std::nullopt, 1));
    service::AuditFilter whole;
    run("audit", service::audit_trail(*db, *lead, whole));
    service::AuditFilter of_group;
    of_group.context = group;
    run("audit of a context", service::audit_trail(*db, *lead, of_group));
    service::AuditFilter of_quiet;  // the last context made, whose few rows are the oldest
    of_quiet.context = quiet;
    run("audit of a quiet context", service::audit_trail(*db, *lead, of_quiet));
    service::AuditFilter by_actor;
    by_actor.actor = partner->id;
    run("audit of what someone did", service::audit_trail(*db, *lead, by_actor));
    service::AuditFilter of_kind;
    of_kind.kind = "subject_request";
    run("audit of a kind of record", service::audit_trail(*db, *lead, of_kind));
    service::AuditFilter since;
    since.from = "2020-01-01";
    run("audit since a date", service::audit_trail(*db, *lead, since));
    run("disclosure log", service::disclosure_log(*db, *lead, {}));
    service::AuditFilter to_agency;
    to_agency.agency = AgencyId{db->query("SELECT MIN(id) FROM agencies")->first().integer(0)};
    run("disclosure log of an agency", service::disclosure_log(*db, *lead, to_agency));
    run("search", service::search(*db, *lead, "underpass", std::nullopt, 1));
    db->observe({});
    ASSERT_GT(statements.size(), 20u);

    const std::set<std::string> large = {"audit_events",
                                         "responses",
                                         "evidence",
                                         "evidence_young_people",
                                         "voices",
                                         "measurements",
                                         "stage_entries",
                                         "young_people",
                                         "contexts",
                                         "actions",
                                         "meetings",
                                         "run_participants",
                                         "young_person_contexts"};
    std::set<std::string> explained;
    int disclosure_reads = 0, title_reads = 0, searches = 0, voice_counts = 0, agency_reads = 0, keyed_reads = 0,
        seen_reads = 0, trail_reads = 0, quiet_registers = 0;
    for (const auto& [sql, params] : statements) {
        if (!explained.insert(sql).second) continue;
        auto plan = db->query((sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + sql, params);
        ASSERT_TRUE(plan) << sql << ": " << plan.error().message;
        std::string text;
        for (const auto& row : plan->rows) text += row.text(sqlite ? 3 : 0) + "\n";
        for (const auto& table : large) {
            // SQLite: "SCAN t" (every row, or every entry of an index);
            // PostgreSQL: "Seq Scan on t".
            std::regex full(sqlite ? "(^|\n)SCAN " + table + "( |\n|$)" : "Seq Scan on " + table + "( |\n|$)");
            EXPECT_FALSE(std::regex_search(text, full)) << "a full scan of " << table << " in\n" << sql << "\n" << text;
        }
        // The names on an audit page are read by the ids of its rows, never by
        // walking the partnership's rows for them.
        if (sqlite && std::regex_search(sql, std::regex(R"(\bid IN \(\$2)"))) {
            ++title_reads;
            std::regex other(R"((^|\n)(SEARCH|SCAN) (?!.*INTEGER PRIMARY KEY))");
            EXPECT_FALSE(std::regex_search(text, other)) << sql << "\n" << text;
        }
        // A search on PostgreSQL reads each record's stored words, never
        // working them out again from its text for every row it looks at.
        if (!sqlite && sql.find("plainto_tsquery") != std::string::npos &&
            sql.find("ts_headline") == std::string::npos) {
            ++searches;
            EXPECT_EQ(text.find("to_tsvector"), std::string::npos) << sql << "\n" << text;
        }
        // A practitioner's search of their few contexts reads the matches in
        // them from the index of words and contexts, for each of the seven
        // kinds (goals, stage texts and actions by their framework's context).
        if (sqlite && sql.find("_search MATCH $1") != std::string::npos && sql.ends_with("rowid DESC LIMIT $2"))
            ++keyed_reads;
        if (!sqlite && sql.find("AS tsquery)") != std::string::npos) {
            // Through an index by their words and contexts, or (where their
            // contexts hold few records) by their contexts alone.
            ++keyed_reads;
            std::regex narrowed(R"(Index Cond: \(+(search_words @@|(context_)?id = ANY))");
            EXPECT_TRUE(std::regex_search(text, narrowed)) << sql << "\n" << text;
        }
        // The audit trail filtered by a context, an actor or a kind of record
        // is read from that one's index, never by walking the partnership's
        // whole trail back for the few rows of a quiet context (30 s at scale 1).
        if (sqlite && sql.starts_with("SELECT id, at, actor_id") &&
            sql.find("disclosed_to IS NOT NULL") == std::string::npos) {
            std::string index = sql.find("context_id =") != std::string::npos ? "audit_context_id"
                                : sql.find("actor_id =") != std::string::npos ? "audit_actor"
                                : sql.find("entity =") != std::string::npos   ? "audit_entity"
                                : sql.find("at >=") != std::string::npos      ? "audit_partnership"
                                                                              : "audit_partnership_id";
            ++trail_reads;
            EXPECT_NE(text.find("INDEX " + index + " "), std::string::npos) << sql << "\n" << text;
            EXPECT_EQ(text.find("TEMP B-TREE"), std::string::npos) << "read in its order\n" << sql << "\n" << text;
        }
        // A quiet context's register is read from its links, not by walking
        // the partnership's whole register for its few people.
        if (sqlite && sql.find("+y.partnership_id") != std::string::npos) {
            ++quiet_registers;
            EXPECT_NE(text.find("USING INDEX young_person_contexts_context"), std::string::npos) << sql << "\n" << text;
        }
        // The contexts a practitioner sees are read from their allocations
        // and openings, not from every context of the partnership.
        if (sqlite && sql.starts_with("SELECT a.context_id FROM allocations a")) {
            ++seen_reads;
            EXPECT_NE(text.find("SEARCH a USING COVERING INDEX sqlite_autoindex_allocations_1 (user_id=?)"),
                      std::string::npos)
                << sql << "\n"
                << text;
            EXPECT_NE(text.find("exceptional_access_user"), std::string::npos) << sql << "\n" << text;
        }
        // A context's quotes are counted (as far as a thousand) from their index, which holds the
        // partnership too (SQLite reads the index alone; PostgreSQL does once
        // its visibility map is set, which a fresh table's is not).
        if (sql.starts_with("SELECT COUNT(*) FROM voices") ||
            sql.starts_with("SELECT COUNT(*) FROM (SELECT 1 FROM voices")) {
            ++voice_counts;
            std::regex counted(
                sqlite ? "COVERING INDEX voices_context"
                       : R"(voices_context[^\n]*\n\s*Index Cond: \(\(context_id = [^)]*\) AND \(partnership_id)");
            EXPECT_TRUE(std::regex_search(text, counted)) << sql << "\n" << text;
        }
        // An agency's own actions are read in the list's order from their
        // index and merged with those it takes part in: the first page is read
        // without sorting the agency's every action.
        if (sqlite && sql.find("ap.agency_id") != std::string::npos && sql.find("ORDER BY") != std::string::npos) {
            ++agency_reads;
            EXPECT_NE(text.find("MERGE (UNION ALL)"), std::string::npos) << sql << "\n" << text;
            EXPECT_NE(text.find("USING INDEX actions_agency_order"), std::string::npos) << sql << "\n" << text;
        }
        // The disclosure log reads an index that holds only disclosures, on
        // both databases, however many of the rows are disclosures (a quarter
        // here, where PostgreSQL would rather walk back the primary key).
        if (sql.find("disclosed_to IS NOT NULL") != std::string::npos) {
            ++disclosure_reads;
            EXPECT_NE(text.find("audit_disclosed"), std::string::npos) << sql << "\n" << text;
            EXPECT_EQ(text.find(sqlite ? "TEMP B-TREE" : "Sort"), std::string::npos)
                << "read in its order from the index\n"
                << sql << "\n"
                << text;
        }
    }
    EXPECT_EQ(disclosure_reads, 2);
    EXPECT_EQ(voice_counts, 1) << "the voices page's";
    EXPECT_EQ(keyed_reads, 7);
    if (sqlite) {
        EXPECT_GE(title_reads, 3) << "contexts, users and the records named";
        EXPECT_EQ(agency_reads, 1);
        EXPECT_EQ(seen_reads, 1);
        EXPECT_EQ(quiet_registers, 2) << "its page and the choice of names its forms offer";
        EXPECT_EQ(trail_reads, 5)
            << "the whole trail, a context's (a quiet one's is the same statement), an actor's, a kind's, since a date";
    } else {
        EXPECT_EQ(searches, 8) << "the lead's, and the practitioner's of each kind";
    }
}

TEST_P(CliTest, AuditVerifyFailsOnceARowIsEditedByHandInTheDatabase)
{
    ASSERT_EQ((*cli)("demo").code, 0);
    auto intact = (*cli)("audit verify");
    ASSERT_EQ(intact.code, 0) << intact.err;
    EXPECT_NE(intact.out.find("The audit trail is intact"), std::string::npos) << intact.out;
    EXPECT_EQ(intact.err.find("no audit key"), std::string::npos) << "the command line loads a key: " << intact.err;

    auto db = database->connect();
    auto row = db->query("SELECT id, seq FROM audit_events WHERE seq IS NOT NULL ORDER BY seq LIMIT 1 OFFSET 3");
    ASSERT_TRUE(row && !row->empty());
    ASSERT_TRUE(
        db->query("UPDATE audit_events SET actor_label = 'Someone else' WHERE id = $1", {row->first().integer(0)}));
    auto tampered = (*cli)("audit verify");
    EXPECT_EQ(tampered.code, 1);
    EXPECT_NE(tampered.err.find("audit row " + std::to_string(row->first().integer(0)) + ")"), std::string::npos)
        << tampered.err;
}

TEST_P(CliTest, RetentionDestroysWhatIsDueAndNothingHeldAndTheChainStillVerifies)
{
    ASSERT_EQ((*cli)("demo").code, 0);
    auto db = database->connect();
    auto id_of = [&](const char* name) {
        auto r = db->query("SELECT id FROM contexts WHERE name = $1", {std::string(name)});
        return r && !r->empty() ? r->first().integer(0) : 0;
    };
    auto benches = id_of("Station Road benches");
    ASSERT_GT(benches, 0);
    EXPECT_NE((*cli)("retention run --dry-run").out.find("nothing is due"), std::string::npos)
        << "the default periods keep everything in the demo";

    // A one-year period for closed contexts: the benches (closed in 2023) are due.
    ASSERT_TRUE(
        db->query("INSERT INTO retention_rules (partnership_id, kind, days, updated_by_label, updated_at) "
                  "SELECT id, 'closed_context', 365, 'test', '' FROM partnerships"));
    // An old evidence record on it, to see it go too.
    ASSERT_TRUE(
        db->query("INSERT INTO evidence (partnership_id, context_id, recorded_on, method, provenance, narrative, "
                  "author_label, created_at) SELECT partnership_id, id, '2023-01-05', 'observation', 'direct', "
                  "'Benches busy after school.', 'test', '2023-01-05' FROM contexts WHERE id = $1",
                  {benches}));
    ASSERT_TRUE(
        db->query("INSERT INTO response_months (partnership_id, context_id, month, framing, responses) "
                  "SELECT partnership_id, id, '2023-01', 'welfare', 4 FROM contexts WHERE id = $1",
                  {benches}));
    ASSERT_TRUE(
        db->query("INSERT INTO voice_theme_counts (partnership_id, context_id, theme, quotes) "
                  "SELECT partnership_id, id, 'places', 1 FROM contexts WHERE id = $1",
                  {benches}));
    // Another closed context under a hold stays.
    ASSERT_TRUE(db->query("UPDATE contexts SET stage = 'closed' WHERE name = 'Hollins Park'"));
    ASSERT_TRUE(
        db->query("INSERT INTO context_stages (partnership_id, context_id, stage, entered_at) "
                  "SELECT partnership_id, id, 'closed', '2020-01-01T00:00:00Z' FROM contexts WHERE name = "
                  "'Hollins Park'"));
    ASSERT_TRUE(
        db->query("INSERT INTO legal_holds (partnership_id, context_id, reason, placed_by_label, placed_at) "
                  "SELECT partnership_id, id, 'Complaint', 'test', '' FROM contexts WHERE name = 'Hollins Park'"));

    auto dry = (*cli)("retention run --dry-run");
    ASSERT_EQ(dry.code, 0) << dry.err;
    EXPECT_NE(dry.out.find("would destroy"), std::string::npos) << dry.out;
    EXPECT_NE(dry.out.find("context " + std::to_string(benches) + " "), std::string::npos) << dry.out;
    EXPECT_GT(id_of("Station Road benches"), 0) << "a dry run destroys nothing";

    auto run = (*cli)("retention run");
    ASSERT_EQ(run.code, 0) << run.err;
    EXPECT_EQ(id_of("Station Road benches"), 0);
    EXPECT_GT(id_of("Hollins Park"), 0) << "a held context is kept";
    auto evidence = db->query("SELECT COUNT(*) FROM evidence WHERE context_id = $1", {benches});
    EXPECT_EQ(evidence->first().integer(0), 0);
    auto counted = db->query("SELECT COUNT(*) FROM response_months WHERE context_id = $1", {benches});
    EXPECT_EQ(counted->first().integer(0), 0) << "its monthly response counts go with it";
    counted = db->query("SELECT COUNT(*) FROM voice_theme_counts WHERE context_id = $1", {benches});
    EXPECT_EQ(counted->first().integer(0), 0) << "and its quotes' counts by theme";
    auto logged = db->query("SELECT kind, context_number, count, rule FROM destruction_log");
    ASSERT_TRUE(logged && logged->rows.size() == 1u);
    EXPECT_EQ(logged->first().text(0), "closed_context");
    EXPECT_EQ(logged->first().integer(1), benches);
    EXPECT_GE(logged->first().integer(2), 3) << "the context, its stages and its evidence";
    EXPECT_EQ(logged->first().text(3), "closed_context after 1 year");
    auto verify = (*cli)("audit verify");
    EXPECT_EQ(verify.code, 0) << verify.err;
    EXPECT_NE((*cli)("retention run --dry-run").out.find("nothing is due"), std::string::npos);

    // The audit trail goes from its oldest end: the first rows, dated 2020, pass a two-year period.
    ASSERT_TRUE(db->query("UPDATE retention_rules SET days = 365"));
    ASSERT_TRUE(
        db->query("INSERT INTO retention_rules (partnership_id, kind, days, updated_by_label, updated_at) "
                  "SELECT id, 'audit_trail', 730, 'test', '' FROM partnerships"));
    ASSERT_TRUE(
        db->query("UPDATE audit_events SET at = '2020-01-01T00:00:00Z' WHERE seq IN (SELECT seq FROM "
                  "audit_events WHERE seq IS NOT NULL ORDER BY seq LIMIT 5)"));
    // A row from before the trail was a chain goes by its date.
    ASSERT_TRUE(
        db->query("INSERT INTO audit_events (partnership_id, at, actor_label, address, action, entity) "
                  "SELECT id, '2020-01-02T00:00:00Z', 'Someone', 'x', 'view', 'context' FROM partnerships"));
    EXPECT_EQ((*cli)("audit verify").code, 1) << "the dates were changed outside Trellis";
    auto trimmed = (*cli)("retention run");
    ASSERT_EQ(trimmed.code, 0) << trimmed.err;
    EXPECT_NE(trimmed.out.find("destroyed 6 The audit trail"), std::string::npos) << trimmed.out;
    auto after = (*cli)("audit verify");
    EXPECT_EQ(after.code, 0) << "the chain starts again at the checkpoint: " << after.err;
}

TEST_P(CliTest, ABackupTakenUnderWritesRestoresAndDestroysAgainWhatWasDestroyedAfterIt)
{
    ASSERT_EQ((*cli)("demo").code, 0);
    if (GetParam() == testing::Backend::Postgres) {
        auto refused = (*cli)("backup b.backup");
        EXPECT_EQ(refused.code, 1);
        EXPECT_NE(refused.err.find("pg_dump"), std::string::npos) << refused.err;
        return;
    }
    auto db = database->connect();
    // A register entry on no context, added this year: kept six years by default.
    ASSERT_TRUE(
        db->query("INSERT INTO young_people (partnership_id, pseudonym, pseudonym_key, age_band, created_at) SELECT "
                  "id, 'Rio', 'rio', 'not_known', '2026-01-02T00:00:00Z' FROM partnerships"));
    auto rio = db->query("SELECT id FROM young_people WHERE pseudonym = 'Rio'")->first().integer(0);

    // The backup is taken while another connection keeps writing.
    std::atomic<bool> stop = false;
    std::atomic<int> written = 0;
    std::thread writer([&] {
        auto w = database->connect();
        for (int i = 0; !stop; ++i)
            if (w->query("INSERT INTO job_runs (job, last_day, ran_at) VALUES ($1, '', '')",
                         {fmt::format("load-{}", i)}))
                ++written;
    });
    while (written < 50) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    auto backup = (*cli)("backup b.backup");
    stop = true;
    writer.join();
    ASSERT_EQ(backup.code, 0) << backup.err;
    EXPECT_NE(backup.out.find("Backed up"), std::string::npos);
    auto bytes = slurp(cli->dir() / "b.backup");
    EXPECT_TRUE(bytes.starts_with("TRELLIS-BACKUP 1\n"));
    EXPECT_EQ(bytes.find("Millbrook Road"), std::string::npos) << "the backup is encrypted";

    // After the backup: a 30-day rule destroys Rio and is then put back.
    ASSERT_TRUE(
        db->query("INSERT INTO retention_rules (partnership_id, kind, days, updated_by_label, updated_at) "
                  "SELECT id, 'unlinked_young_person', 30, 'test', '' FROM partnerships"));
    ASSERT_EQ((*cli)("retention run").code, 0);
    EXPECT_TRUE(db->query("SELECT 1 FROM young_people WHERE id = $1", {rio})->empty());
    auto logged = db->query("SELECT records FROM destruction_log WHERE kind = 'unlinked_young_person'");
    ASSERT_TRUE(logged && !logged->empty());
    EXPECT_EQ(logged->first().text(0), std::to_string(rio)) << "the log names the entry's number, never its content";
    db.reset();

    // A damaged, cut-short or foreign-keyed backup is refused and changes nothing.
    auto flipped = bytes;
    flipped[bytes.size() / 2] = static_cast<char>(flipped[bytes.size() / 2] ^ 1);
    std::ofstream(cli->dir() / "flipped.backup", std::ios::binary) << flipped;
    std::ofstream(cli->dir() / "short.backup", std::ios::binary) << bytes.substr(0, bytes.size() - 100);
    std::ofstream(cli->dir() / "other.key") << std::string(64, 'a') << "\n";
    for (const char* bad :
         {"restore flipped.backup", "restore short.backup", "--backup-key other.key restore b.backup"}) {
        auto refused = (*cli)(bad);
        EXPECT_EQ(refused.code, 1) << bad;
        EXPECT_NE(refused.err.find("damaged, cut short, or was made with another key"), std::string::npos)
            << bad << ": " << refused.err;
    }

    // Restored: Rio is destroyed again though the restored schedule keeps six years.
    auto restored = (*cli)("restore b.backup");
    ASSERT_EQ(restored.code, 0) << restored.err;
    EXPECT_NE(restored.out.find("1 line of the destruction log"), std::string::npos) << restored.out;
    db = database->connect();
    EXPECT_TRUE(db->query("SELECT 1 FROM young_people WHERE id = $1", {rio})->empty());
    EXPECT_TRUE(db->query("SELECT 1 FROM retention_rules WHERE days = 30")->empty()) << "the backup's schedule";
    auto loads = db->query("SELECT COUNT(*) FROM job_runs WHERE job LIKE 'load-%'")->first().integer(0);
    EXPECT_GE(loads, 50) << "what was written before the backup is there";
    EXPECT_EQ(db->query("PRAGMA integrity_check")->first().text(0), "ok");
    EXPECT_EQ((*cli)("audit verify").code, 0) << "the restored chain, and the rows added since, verify";

    // An older database (before search, migrations 25 to 38) is backed up before its
    // schema is updated, and what it holds is then found.
    // A partner copy recorded before the update: the update finds the agency it went to.
    PartnershipId partnership{db->query("SELECT MIN(id) FROM partnerships")->first().integer(0)};
    std::int64_t agency = db->query("SELECT MAX(id) FROM agencies")->first().integer(0);
    ASSERT_TRUE(store::audit::record(*db, Actor::command_line(),
                                     {partnership, "export", "framework", 1, std::nullopt,
                                      fmt::format("format=pdf audience=partner agency={}", agency)}));
    std::vector<std::string> undo;
    for (const char* table : {"contexts", "goals", "stage_entries", "evidence", "meetings", "voices", "actions"}) {
        for (const char* when : {"insert", "delete", "update"})
            undo.push_back(fmt::format("DROP TRIGGER {}_search_{}", table, when));
        undo.push_back(fmt::format("DROP TABLE {}_search", table));
    }
    for (const char* table : {"contexts", "goals", "stage_entries", "evidence", "meetings", "voices", "actions"})
        undo.push_back(fmt::format("DROP VIEW {}_words", table));
    for (const char* table : {"goals", "stage_entries", "actions"}) {
        undo.push_back(fmt::format("DROP TRIGGER {}_context_required", table));
        undo.push_back(fmt::format("DROP INDEX {}_context", table));
        undo.push_back(fmt::format("ALTER TABLE {} DROP COLUMN context_id", table));
    }
    for (const char* index : {"voices_young_person", "concern_young_people_person", "telling_young_person"})
        undo.push_back(fmt::format("DROP INDEX {}", index));
    undo.push_back("ALTER TABLE audit_chain DROP COLUMN change_mac");
    undo.push_back("DROP INDEX actions_order");
    for (const char* index : {"audit_disclosed", "audit_disclosed_agency"})
        undo.push_back(fmt::format("DROP INDEX {}", index));
    undo.push_back("ALTER TABLE audit_events DROP COLUMN disclosed_to");
    undo.push_back("ALTER TABLE audit_chain DROP COLUMN disclosed_from_seq");
    undo.push_back("DROP TABLE voice_theme_counts");
    undo.push_back("DROP INDEX actions_agency_order");
    undo.push_back("CREATE INDEX actions_owner ON actions (owner_agency_id)");
    for (const char* index : {"audit_actor", "audit_entity"}) undo.push_back(fmt::format("DROP INDEX {}", index));
    undo.push_back(
        "DELETE FROM schema_migrations WHERE version IN (25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38)");
    for (const auto& statement : undo) ASSERT_TRUE(db->exec_script(statement)) << statement;
    db.reset();
    auto migrated = (*cli)("migrate");
    ASSERT_EQ(migrated.code, 0) << migrated.err;
    auto path = database->url().substr(7);
    EXPECT_NE(migrated.out.find(path + ".before-schema-24.backup"), std::string::npos) << migrated.out;
    EXPECT_TRUE(std::filesystem::exists(path + ".before-schema-24.backup"));
    db = database->connect();
    EXPECT_GE(db->query("SELECT COUNT(*) FROM evidence_search WHERE evidence_search MATCH '\"underpass\"'")
                  ->first()
                  .integer(0),
              1)
        << "the records held before are indexed";
    EXPECT_GE(db->query("SELECT COUNT(*) FROM evidence_search WHERE evidence_search MATCH '{context_key}: \"c1\"'")
                  ->first()
                  .integer(0),
              1)
        << "and by their context";
    EXPECT_GE(db->query("SELECT COUNT(*) FROM actions_search WHERE actions_search MATCH '{context_key}: \"c1\"'")
                  ->first()
                  .integer(0),
              1)
        << "actions too, by the context of their framework";
    auto disclosed = db->query("SELECT disclosed_to FROM audit_events WHERE disclosed_to IS NOT NULL");
    ASSERT_TRUE(disclosed);
    ASSERT_EQ(disclosed->rows.size(), 1u);
    EXPECT_EQ(disclosed->first().integer(0), agency);
    db.reset();
    EXPECT_EQ((*cli)("migrate").out.find("Backed up"), std::string::npos) << "nothing to update, no backup";
    db = database->connect();

    // A backup of a newer schema is refused.
    ASSERT_TRUE(db->query("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', '')"));
    ASSERT_EQ((*cli)("backup future.backup").code, 0);
    auto newer = (*cli)("restore future.backup");
    EXPECT_EQ(newer.code, 1);
    EXPECT_NE(newer.err.find("newer than this build"), std::string::npos) << newer.err;
}

// Runs `trellis ARGS` and returns its peak resident memory in bytes.
std::int64_t peak_memory(const std::filesystem::path& dir, std::vector<std::string> args)
{
    pid_t pid = ::fork();
    if (pid == 0) {
        if (::chdir(dir.c_str()) != 0) std::_Exit(126);
        int quiet = ::open("/dev/null", O_WRONLY);
        ::dup2(quiet, STDOUT_FILENO);
        std::vector<char*> argv{const_cast<char*>(kBinary.c_str())};
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        ::execv(kBinary.c_str(), argv.data());
        std::_Exit(127);
    }
    int status = 0;
    struct rusage usage {};
    if (::wait4(pid, &status, 0, &usage) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return -1;
    return static_cast<std::int64_t>(usage.ru_maxrss) * 1024;
}

// A backup and a restore hold the database in memory once: not a copy of it
// to take the snapshot, another to check it and a third encrypted.
TEST_P(CliTest, ABackupAndARestoreHoldTheDatabaseInMemoryOnce)
{
    if (GetParam() == testing::Backend::Postgres) GTEST_SKIP() << "PostgreSQL is backed up with pg_dump";
    ASSERT_EQ((*cli)("demo").code, 0);
    {
        auto db = database->connect();
        ASSERT_TRUE(db->exec_script(
            "CREATE TABLE ballast (b BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE "
            "i < 1600) INSERT INTO ballast SELECT randomblob(100000) FROM n; PRAGMA wal_checkpoint(TRUNCATE);"));
    }
    auto path = database->url().substr(7);
    auto size = static_cast<std::int64_t>(std::filesystem::file_size(path));
    ASSERT_GT(size, 160'000'000);

    auto backup = peak_memory(cli->dir(), {"--db", database->url(), "backup", "big.backup"});
    ASSERT_GT(backup, 0) << "the backup failed";
    EXPECT_LT(backup, size + size / 4) << "peak " << backup << " bytes for a database of " << size;
    EXPECT_GT(std::filesystem::file_size(cli->dir() / "big.backup"), static_cast<std::uintmax_t>(size));

    auto restore = peak_memory(cli->dir(), {"--db", database->url(), "restore", "big.backup"});
    ASSERT_GT(restore, 0) << "the restore failed";
    EXPECT_LT(restore, size + size / 4) << "peak " << restore << " bytes for a database of " << size;
    auto db = database->connect();
    EXPECT_EQ(db->query("SELECT COUNT(*) FROM ballast")->first().integer(0), 1600);
    EXPECT_EQ(db->query("PRAGMA integrity_check")->first().text(0), "ok");
}

TEST_P(CliTest, ASavedDestructionLogIsAppliedAgainToARestoredDatabase)
{
    ASSERT_EQ((*cli)("demo").code, 0);
    auto db = database->connect();
    auto add_rio = [&](std::optional<std::int64_t> id) {
        return db->query(id ? "INSERT INTO young_people (id, partnership_id, pseudonym, pseudonym_key, age_band, "
                              "created_at) SELECT $1, id, 'Rio', 'rio', 'not_known', '2026-01-02T00:00:00Z' FROM "
                              "partnerships RETURNING id"
                            : "INSERT INTO young_people (partnership_id, pseudonym, pseudonym_key, age_band, "
                              "created_at) SELECT id, 'Rio', 'rio', 'not_known', '2026-01-02T00:00:00Z' FROM "
                              "partnerships RETURNING id",
                         id ? store::Params{*id} : store::Params{});
    };
    auto rio = add_rio(std::nullopt)->first().integer(0);
    ASSERT_TRUE(
        db->query("INSERT INTO retention_rules (partnership_id, kind, days, updated_by_label, updated_at) "
                  "SELECT id, 'unlinked_young_person', 30, 'test', '' FROM partnerships"));
    ASSERT_EQ((*cli)("retention run").code, 0);
    auto saved = (*cli)("retention log --since 2000-01-01T00:00:00Z");
    ASSERT_EQ(saved.code, 0) << saved.err;
    auto log = nlohmann::json::parse(saved.out);
    ASSERT_EQ(log.size(), 1u) << saved.out;
    EXPECT_EQ(log[0]["records"], nlohmann::json::array({rio}));
    std::ofstream(cli->dir() / "log.json") << saved.out;

    // As a restore from before the destruction would leave it: Rio is back, the rule is not.
    ASSERT_TRUE(db->query("DELETE FROM retention_rules"));
    ASSERT_TRUE(add_rio(rio));
    auto again = (*cli)("retention reapply log.json");
    ASSERT_EQ(again.code, 0) << again.err;
    EXPECT_NE(again.out.find("1 line recorded: 1 row."), std::string::npos) << again.out;
    EXPECT_TRUE(db->query("SELECT 1 FROM young_people WHERE id = $1", {rio})->empty());
    EXPECT_EQ((*cli)("audit verify").code, 0);
    std::ofstream(cli->dir() / "bad.json") << "{\"not\": \"a log\"}";
    EXPECT_EQ((*cli)("retention reapply bad.json").code, 1);
}

TEST_P(CliTest, ImportThenExportAndReimportLosesNothing)
{
    ASSERT_EQ((*cli)("demo").code, 0);
    auto imported = (*cli)("import " + quote(seed_path()) + " --context 'Westside Park group'");
    ASSERT_EQ(imported.code, 0) << imported.err;
    EXPECT_EQ(imported.out,
              "Imported framework 2 (3 areas, 4 goals) into context \"Westside Park group\" (new context).\n");

    for (int id : {1, 2}) {  // the demo (with stage history and authors) and the imported seed
        SCOPED_TRACE(id);
        auto first = (*cli)("export " + std::to_string(id) + " --json -o first.json");
        ASSERT_EQ(first.code, 0) << first.err;
        auto again = (*cli)("import first.json --json-in --context 'Copy " + std::to_string(id) + "'");
        ASSERT_EQ(again.code, 0) << again.err;
        auto new_id = std::stoi(again.out.substr(again.out.find("framework ") + 10));
        auto second = (*cli)("export " + std::to_string(new_id) + " --json");
        ASSERT_EQ(second.code, 0) << second.err;
        auto a = nlohmann::json::parse(slurp(cli->dir() / "first.json"));
        auto b = nlohmann::json::parse(second.out);
        EXPECT_EQ(without_context(a), without_context(b));
        EXPECT_EQ(b["context"]["name"], "Copy " + std::to_string(id));
    }
    auto list = (*cli)("framework list");
    EXPECT_EQ(std::count(list.out.begin(), list.out.end(), '\n'), 4) << list.out;
}

TEST_P(CliTest, AFailedImportWritesNothing)
{
    ASSERT_EQ((*cli)("demo").code, 0);
    std::ofstream(cli->dir() / "broken.json") << R"({"title":"T","areas":[{"name":"A"},{"name":"a"}]})";
    auto r = (*cli)("import broken.json --json-in --context 'Never created'");
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ((*cli)("context list").out.find("Never created"), std::string::npos);
    auto no_context = (*cli)("import " + quote(seed_path()));
    EXPECT_EQ(no_context.code, 2);
    EXPECT_NE(no_context.err.find("--context"), std::string::npos);
}

TEST_P(CliTest, UsersAreAddedWithCheckedPasswords)
{
    ASSERT_EQ((*cli)("demo").code, 0);
    auto weak = (*cli)("user add --email new@example.org --name New --role lead --password-stdin", "short\n");
    EXPECT_EQ(weak.code, 1);
    EXPECT_EQ(weak.err, "trellis: Password must be at least 12 characters.\n");
    auto ok = (*cli)("user add --email New@Example.org --name New --role practitioner --password-stdin",
                     "correct horse battery\n");
    ASSERT_EQ(ok.code, 0) << ok.err;
    auto generated = (*cli)("user add --email gen@example.org --name Gen --role viewer");
    ASSERT_EQ(generated.code, 0) << generated.err;
    EXPECT_NE(generated.out.find("Password (shown once): "), std::string::npos);
    auto partner = (*cli)("user add --email cop@example.org --name Cop --role partner");
    EXPECT_EQ(partner.code, 1);
    EXPECT_NE(partner.err.find("must belong to an agency"), std::string::npos);
    auto with_agency = (*cli)(
        "user add --email cop@example.org --name Cop --role partner --agency 'westbrook neighbourhood policing'");
    EXPECT_EQ(with_agency.code, 0) << with_agency.err;
    auto bad_role = (*cli)("user add --email x@example.org --name X --role superuser");
    EXPECT_EQ(bad_role.code, 2);
    auto token = (*cli)("user token new@example.org --label 'Monthly report' --days 30 --read-only");
    ASSERT_EQ(token.code, 0) << token.err;
    EXPECT_TRUE(token.out.starts_with("trellis_")) << token.out;
    EXPECT_EQ((*cli)("user token new@example.org --label x --days 400").code, 2);
    EXPECT_EQ((*cli)("user token nobody@example.org --label x").code, 1);
    auto users = (*cli)("user list");
    EXPECT_NE(users.out.find("new@example.org"), std::string::npos);
    EXPECT_EQ(std::count(users.out.begin(), users.out.end(), '\n'), 8) << users.out;
}

// The whole answer as it came (status line, headers, body); "" when none came.
std::string http_get(int port, const std::string& path)
{
    auto answer = testing::http(port, "GET", path);
    return answer.status == 0 ? std::string() : answer.headers + "\r\n\r\n" + answer.body;
}

TEST_P(CliTest, ServeAnswersHealthAndMetricsAndStopsCleanlyOnSigterm)
{
    int port = testing::free_port();
    int metrics_port = testing::free_port();
    while (metrics_port == port) metrics_port = testing::free_port();
    auto log = cli->dir() / "serve.log";
    // Settings from a configuration file, as a service would have them.
    auto config = cli->dir() / "trellis.toml";
    {
        std::ofstream out(config);
        out << "db = \"" << database->url() << "\"\nlog-format = \"json\"\n[serve]\nport = " << port
            << "\nmetrics-port = " << metrics_port << "\n";
    }
    pid_t pid = ::fork();
    if (pid == 0) {
        FILE* f = std::freopen(log.c_str(), "w", stdout);
        (void)f;
        ::dup2(STDOUT_FILENO, STDERR_FILENO);
        ::execl(kBinary.c_str(), kBinary.c_str(), "--config", config.c_str(), "serve", static_cast<char*>(nullptr));
        std::_Exit(127);
    }
    std::string health;
    for (int i = 0; i < 200 && health.empty(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        if (slurp(log).find("listening") != std::string::npos) health = http_get(port, "/healthz");
    }
    EXPECT_TRUE(health.starts_with("HTTP/1.1 200")) << health;
    EXPECT_NE(health.find("\"status\":\"ok\""), std::string::npos);
    EXPECT_NE(health.find("X-Content-Type-Options: nosniff"), std::string::npos);
    auto missing = http_get(port, "/no/such/page/42");
    EXPECT_TRUE(missing.starts_with("HTTP/1.1 404")) << missing;

    // Pages link the stylesheet by a content-hashed name, kept for a year and
    // sent gzipped to a client that takes it; its plain name is revalidated.
    auto sign_in = testing::http(port, "GET", "/sign-in");
    std::smatch link;
    ASSERT_TRUE(std::regex_search(sign_in.body, link, std::regex(R"re(href="(/static/trellis\.[0-9a-f]{10}\.css)")re")))
        << sign_in.body.substr(0, 600);
    auto css = testing::http(port, "GET", link[1], {{"Accept-Encoding", "gzip, deflate, br"}});
    EXPECT_EQ(css.status, 200);
    EXPECT_NE(css.headers.find("Content-Encoding: gzip"), std::string::npos) << css.headers;
    EXPECT_NE(css.headers.find("Cache-Control: public, max-age=31536000, immutable"), std::string::npos);
    auto plain = testing::http(port, "GET", "/static/trellis.css");
    EXPECT_EQ(plain.headers.find("Content-Encoding"), std::string::npos) << "no gzip unless asked";
    EXPECT_NE(plain.headers.find("Cache-Control: no-cache"), std::string::npos) << plain.headers;
    EXPECT_GT(plain.body.size(), css.body.size() * 4) << "the stylesheet compresses to under a quarter";
    std::smatch etag;
    ASSERT_TRUE(std::regex_search(plain.headers, etag, std::regex("ETag: (\"[0-9a-f]+\")")));
    auto again = testing::http(port, "GET", "/static/trellis.css", {{"If-None-Match", etag[1]}});
    EXPECT_EQ(again.status, 304) << again.headers;
    EXPECT_TRUE(again.body.empty());
    auto refused = testing::http(port, "GET", "/static/trellis.css", {{"Accept-Encoding", "gzip;q=0, identity"}});
    EXPECT_EQ(refused.headers.find("Content-Encoding"), std::string::npos) << "gzip;q=0 refuses it";
    // Pages too, when the browser takes it.
    auto zipped = testing::http(port, "GET", "/sign-in", {{"Accept-Encoding", "gzip"}});
    EXPECT_EQ(zipped.status, 200);
    EXPECT_NE(zipped.headers.find("Content-Encoding: gzip"), std::string::npos) << zipped.headers;
    EXPECT_NE(zipped.headers.find("Vary: Accept-Encoding"), std::string::npos);
    EXPECT_LT(zipped.body.size(), sign_in.body.size() / 2);
    EXPECT_EQ(sign_in.headers.find("Content-Encoding"), std::string::npos);

    // Metrics on their own port: counts by class and status, never a path or an id.
    auto metrics = http_get(metrics_port, "/metrics");
    EXPECT_TRUE(metrics.starts_with("HTTP/1.1 200")) << metrics;
    EXPECT_NE(metrics.find("text/plain; version=0.0.4"), std::string::npos);
    EXPECT_NE(metrics.find(R"(trellis_requests_total{class="page",kind="read",status="404"} 1)"), std::string::npos)
        << metrics;
    EXPECT_NE(metrics.find(R"(trellis_requests_total{class="health",kind="read",status="200"} 1)"), std::string::npos);
    EXPECT_NE(metrics.find(R"(trellis_request_duration_seconds_count{class="page"} 3)"), std::string::npos);
    EXPECT_NE(metrics.find("trellis_database_up 1"), std::string::npos);
    EXPECT_NE(metrics.find("trellis_sessions 0"), std::string::npos);
    EXPECT_NE(metrics.find("trellis_audit_queue_length 0"), std::string::npos);
    EXPECT_EQ(metrics.find("/no/such"), std::string::npos);
    EXPECT_TRUE(http_get(metrics_port, "/healthz").starts_with("HTTP/1.1 200"));
    EXPECT_TRUE(http_get(metrics_port, "/contexts").starts_with("HTTP/1.1 404")) << "only metrics and health there";
    EXPECT_TRUE(http_get(port, "/metrics").starts_with("HTTP/1.1 404")) << "metrics are not on the users' port";

    ::kill(pid, SIGTERM);
    int status = 0;
    for (int i = 0; i < 100; ++i) {
        if (::waitpid(pid, &status, WNOHANG) == pid) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        if (i == 99) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            FAIL() << "the server did not stop within 5 seconds of SIGTERM";
        }
    }
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
    auto lines = slurp(log);
    EXPECT_NE(lines.find("Trellis is listening on http://127.0.0.1:" + std::to_string(port)), std::string::npos);
    // Every log line is a JSON object.
    std::istringstream in(lines);
    int logged = 0;
    for (std::string line; std::getline(in, line);) {
        if (line.starts_with("Trellis is listening")) continue;
        auto parsed = nlohmann::json::parse(line, nullptr, false);
        ASSERT_FALSE(parsed.is_discarded()) << line;
        EXPECT_TRUE(parsed.contains("time") && parsed.contains("level") && parsed.contains("message")) << line;
        ++logged;
    }
    EXPECT_GE(logged, 4) << lines;
    EXPECT_NE(lines.find(R"("message":"request method=GET path=/no/such/page/42 status=404)"), std::string::npos)
        << lines;
}

INSTANTIATE_TEST_SUITE_P(Backends, CliTest, ::testing::Values(testing::Backend::Sqlite, testing::Backend::Postgres),
                         testing::backend_name);

}  // namespace
}  // namespace trellis
