#include "app/commands.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <sstream>

#include <fmt/format.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "domain/clock.hpp"
#include "domain/text.hpp"
#include "formats/docx_text.hpp"
#include "formats/export_formats.hpp"
#include "formats/framework_docx_import.hpp"
#include "formats/framework_export.hpp"
#include "formats/framework_json.hpp"
#include "formats/framework_text.hpp"
#include "formats/template_files.hpp"
#include "service/backup.hpp"
#include "service/database.hpp"
#include "service/demo.hpp"
#include "service/frameworks.hpp"
#include "service/lens.hpp"
#include "service/operator.hpp"
#include "service/passwords.hpp"
#include "service/retention.hpp"
#include "service/scale_demo.hpp"
#include "service/search.hpp"
#include "service/users.hpp"
#include "web/openapi.hpp"
#include "web/server.hpp"

namespace trellis::app {
namespace {

constexpr int kOk = 0;
constexpr int kFailed = 1;
constexpr int kUsage = 2;

struct Globals {
    std::string db = "sqlite:data/trellis.db";
    std::string partnership;
    std::string templates;
    std::string audit_key;
    std::string backup_key;
};

// A failure that ends the command with one clear line on stderr.
struct Failure {
    std::string message;
    int code = kFailed;
};

template <typename T>
T check(Result<T> r)
{
    if (!r) throw Failure{r.error().message};
    if constexpr (!std::is_void_v<T>) return std::move(r).value();
}

std::filesystem::path executable_dir()
{
    std::error_code ec;
    auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::filesystem::current_path() : exe.parent_path();
}

// Data files (templates, views) live in share/ beside the binary, or one level
// up, or in share/trellis/ one level up when installed (/usr/bin, /usr/share).
std::filesystem::path share_dir()
{
    if (const char* env = std::getenv("TRELLIS_SHARE")) return env;
    auto dir = executable_dir();
    for (auto candidate : {dir / "share", dir.parent_path() / "share", dir.parent_path() / "share" / "trellis"})
        if (std::filesystem::is_directory(candidate / "templates")) return candidate;
    return dir / "share";
}

// Built CSS, JavaScript and images: beside the binary in a build, in the
// shared folder when installed.
std::filesystem::path static_dir()
{
    auto beside = executable_dir() / "static";
    return std::filesystem::is_directory(beside) ? beside : share_dir() / "static";
}

std::filesystem::path templates_dir(const Globals& g)
{
    if (!g.templates.empty()) return g.templates;
    return share_dir() / "templates";
}

std::int64_t unix_now()
{
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::unique_ptr<store::Connection> connect(const Globals& g)
{
    check(service::load_audit_key(g.audit_key, g.db));
    return check(service::prepare_database(g.db));
}

Partnership partnership_of(store::Connection& db, const Globals& g)
{
    return check(service::resolve_partnership(db, g.partnership));
}

AgencyId agency_called(store::Connection& db, PartnershipId p, const std::string& name)
{
    auto agencies = check(service::agencies_in(db, p));
    auto it =
        std::ranges::find_if(agencies, [&](const Agency& a) { return text::name_key(a.name) == text::name_key(name); });
    if (it == agencies.end()) throw Failure{fmt::format("There is no agency called \"{}\".", name)};
    return it->id;
}

// What the chosen subcommand does, run after the whole command line parsed.
using Action = std::function<void()>;

std::string read_input(const std::string& path)
{
    if (path == "-") {
        std::stringstream buffer;
        buffer << std::cin.rdbuf();
        return buffer.str();
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Failure{fmt::format("Cannot read {}: {}", path, std::strerror(errno))};
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

void print_sign_ins(const std::vector<service::DemoSignIn>& sign_ins)
{
    std::cout << "Demo sign-in details (shown once; only a hash is stored):\n";
    for (const auto& s : sign_ins)
        std::cout << fmt::format("  {:<13} {:<32} {}\n", to_string(s.role), s.email, s.password);
}

void print_framework(const Framework& f, const Context& c)
{
    std::cout << fmt::format("Framework {}: {}\n", f.id.value, f.title);
    std::cout << fmt::format("Context:     {} ({})\n", c.name, label(c.kind));
    std::cout << fmt::format("Status:      {}\n", label(f.status));
    std::cout << fmt::format("Start date:  {}\n", f.start_date.empty() ? "not set" : f.start_date);
    std::cout << fmt::format("Next review: {}\n", f.next_review_date.empty() ? "not set" : f.next_review_date);
    if (!f.template_key.empty()) std::cout << fmt::format("Template:    {}\n", f.template_key);
    for (std::size_t a = 0; a < f.areas.size(); ++a) {
        const auto& area = f.areas[a];
        std::cout << fmt::format("\n== Area of focus {}: {}\n", a + 1, area.name);
        if (area.goals.empty()) std::cout << "   (no goals yet)\n";
        for (std::size_t g = 0; g < area.goals.size(); ++g) {
            const auto& goal = area.goals[g];
            std::cout << fmt::format("\n-- Goal {}.{} [{}]: {}\n", a + 1, g + 1, label(goal.status), goal.statement);
            for (auto s : kStages) {
                const auto& e = goal.stage(s);
                std::cout << fmt::format("\n   {}: {}\n", label(s), f.questions[index(s)]);
                if (!e.written()) {
                    std::cout << "   (not written yet)\n";
                    continue;
                }
                std::cout << fmt::format("   [version {}, {}, {}]\n", e.version,
                                         e.author_label.empty() ? "imported" : e.author_label, e.written_at);
                std::istringstream lines(e.text);
                for (std::string line; std::getline(lines, line);) std::cout << "   " << line << "\n";
            }
        }
    }
}

void announce_backup(const std::string& file)
{
    if (!file.empty()) std::cout << "Backed up the database before updating its schema, to " << file << std::endl;
}

// ---- one function per subcommand: its options, and what it does -------------

void add_serve(CLI::App& app, const Globals& g, Action& action)
{
    struct Options {
        web::ServeOptions serve;
        double session_idle_minutes = 30;
        double session_max_hours = 12;
    };
    auto o = std::make_shared<Options>();
    auto* serve = app.add_subcommand("serve", "Start the web server");
    serve->add_option("--port", o->serve.port, "Port to listen on")->capture_default_str()->check(CLI::Range(1, 65535));
    serve->add_option("--address", o->serve.address, "Address to listen on")->capture_default_str();
    serve->add_option("--threads", o->serve.io_threads, "I/O threads")->capture_default_str()->check(CLI::Range(1, 64));
    serve->add_option("--workers", o->serve.workers, "Worker threads for database and password work")
        ->capture_default_str()
        ->check(CLI::Range(1, 256));
    serve->add_flag("--views-on-disk-before-sending", o->serve.views_on_disk_before_sending,
                    "Send a page only once the record of its view is on disk, not within a second of it "
                    "(each page then waits for a disk flush; changes are always on disk before they are answered)");
    serve->add_flag("--secure-cookies", o->serve.secure_cookies,
                    "Users reach Trellis over HTTPS (behind a TLS proxy): mark cookies Secure and __Host-");
    serve
        ->add_option("--trusted-proxy", o->serve.trusted_proxies,
                     "Address of a reverse proxy whose X-Forwarded-For names the client (repeat for several)")
        ->check(CLI::Validator(
            [](std::string& address) {
                unsigned char buf[sizeof(in6_addr)];
                bool ok =
                    inet_pton(AF_INET, address.c_str(), buf) == 1 || inet_pton(AF_INET6, address.c_str(), buf) == 1;
                return ok ? std::string() : address + " is not an IPv4 or IPv6 address";
            },
            "ADDRESS"));
    serve
        ->add_option("--max-connections", o->serve.max_connections,
                     "Open connections at once (kept below the open-file limit)")
        ->capture_default_str()
        ->check(CLI::Range(16, 1000000));
    serve
        ->add_option("--max-connections-per-address", o->serve.max_connections_per_address,
                     "Open connections at once from one client address (trusted proxies are exempt)")
        ->capture_default_str()
        ->check(CLI::Range(1, 1000000));
    serve
        ->add_option("--read-timeout", o->serve.read_timeout_seconds,
                     "Seconds a request, body included, may take to arrive")
        ->capture_default_str()
        ->check(CLI::Range(1, 600));
    serve
        ->add_option("--session-idle-minutes", o->session_idle_minutes,
                     "Sign a user out after this many minutes without a request")
        ->capture_default_str()
        ->check(CLI::Range(0.01, 24.0 * 60));
    serve
        ->add_option(
            "--daily-job-time", o->serve.daily_job_time,
            "UTC time (HH:MM) from which the daily job runs: retention, then the audit chain's head to the log")
        ->capture_default_str()
        ->check([](const std::string& v) {
            bool ok = v.size() == 5 && v[2] == ':' && std::isdigit(v[0]) && std::isdigit(v[1]) && std::isdigit(v[3]) &&
                      std::isdigit(v[4]) && v.substr(0, 2) < "24" && v.substr(3, 2) < "60";
            return ok ? std::string() : std::string("give the time as HH:MM, for example 02:00");
        });
    serve->add_option("--session-max-hours", o->session_max_hours, "Sign a user out this many hours after sign-in")
        ->capture_default_str()
        ->check(CLI::Range(0.001, 24.0 * 7));
    serve
        ->add_option("--metrics-port", o->serve.metrics_port,
                     "Also serve /metrics (Prometheus) and /healthz on this port, for monitoring (0: not at all)")
        ->capture_default_str()
        ->check(CLI::Range(0, 65535));
    serve->add_option("--metrics-address", o->serve.metrics_address, "Address the metrics port listens on")
        ->capture_default_str();
    serve->callback([&g, &action, o] {
        action = [&g, o] {
            auto& options = o->serve;
            options.session_idle_seconds = static_cast<std::int64_t>(o->session_idle_minutes * 60);
            options.session_max_seconds = static_cast<std::int64_t>(o->session_max_hours * 3600);
            options.db_url = g.db;
            check(service::load_audit_key(g.audit_key, g.db));
            announce_backup(check(service::backup_before_migrating(g.db, g.backup_key)));
            options.share_dir = share_dir();
            options.static_dir = static_dir();
            options.on_listening = [](const std::string& url) {
                std::cout << "Trellis is listening on " << url << std::endl;
            };
            check(web::serve(options));
        };
    });
}

void add_migrate(CLI::App& app, const Globals& g, Action& action)
{
    auto* migrate = app.add_subcommand("migrate", "Create or update the database schema");
    migrate->callback([&g, &action] {
        action = [&g] {
            announce_backup(check(service::backup_before_migrating(g.db, g.backup_key)));
            auto db = check(service::open_database(g.db));
            auto report = check(service::migrate_database(*db));
            for (const auto& m : report.applied) std::cout << "applied migration " << m << "\n";
            std::cout << fmt::format("schema version {} (was {})\n", report.to_version, report.from_version);
        };
    });
}

// `trellis demo --scale N`: the demo and its growth in one transaction, with
// a line of progress on the terminal.
void grow_demo(store::Connection& db, const std::vector<FrameworkTemplate>& templates, int scale)
{
    auto started = std::chrono::steady_clock::now();
    bool terminal = isatty(STDERR_FILENO) != 0;
    std::string last_part;
    std::int64_t last_percent = -1;
    auto progress = [&](std::string_view part, std::int64_t done, std::int64_t total) {
        auto percent = total > 0 ? done * 100 / total : 100;
        if (part == last_part && percent == last_percent) return;
        if (part != last_part && !last_part.empty() && terminal) std::cerr << "\n";
        if (!terminal && percent % 25 != 0 && percent != 100) return;
        last_part = std::string(part);
        last_percent = percent;
        auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        if (total == 0) {  // a step with no count
            std::cerr << fmt::format("{}{:<14} {:>34.1f} s{}", terminal ? "\r" : "", part, seconds,
                                     terminal ? "" : "\n");
            return;
        }
        std::cerr << fmt::format("{}{:<14} {:>9} of {:>9}  {:>3}%  {:6.1f} s{}", terminal ? "\r" : "", part, done,
                                 total, percent, seconds, terminal ? "" : "\n")
                  << std::flush;
    };
    auto [demo, grown] = check(service::create_scale_demo(db, templates, service::counts_for(scale), progress));
    // The load left the search index in many pieces; the daily job would merge
    // them by the next morning, and a measurement should not wait for it.
    progress("search index", 0, 0);
    check(service::tidy_search(db));
    if (terminal) std::cerr << "\n";
    auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const auto& m = grown.made;
    std::cout << fmt::format(
        "Created the demo partnership \"{}\" and grew it to scale {} in {:.0f} s, adding {} contexts, {} young "
        "people, {} evidence records, {} voices, {} responses, {} audit rows, {} frameworks with {} goals, {} "
        "actions, {} meetings, {} activity runs and {} indicators.\n",
        service::kDemoSlug, scale, seconds, m.contexts, m.young_people, m.evidence, m.voices, m.responses, m.audit_rows,
        grown.frameworks, grown.goals, grown.actions, grown.meetings, grown.runs, grown.indicators);
    print_sign_ins(demo.sign_ins);
}

void add_demo(CLI::App& app, const Globals& g, Action& action)
{
    struct Options {
        bool if_empty = false;
        bool new_passwords = false;
        int scale = 0;
    };
    auto o = std::make_shared<Options>();
    auto* demo = app.add_subcommand("demo", "Create the demo partnership, users and framework");
    demo->add_flag("--if-empty", o->if_empty, "Only when the database holds no partnership yet");
    demo->add_flag("--new-passwords", o->new_passwords, "Give the demo accounts new passwords and print them");
    demo->add_option("--scale", o->scale,
                     "Grow the demo to the size of a large partnership, for measuring: 1,000 contexts, 3,000 young "
                     "people, 100,000 evidence records, 1,000,000 responses and 2,000,000 audit rows per unit "
                     "(--scale alone means 1)")
        ->expected(0, 1)
        ->default_str("1")
        ->check(CLI::Range(1, 100));
    demo->callback([&g, &action, o] {
        action = [&g, o] {
            auto db = connect(g);
            if (o->new_passwords) {
                print_sign_ins(check(service::renew_demo_passwords(*db)));
                return;
            }
            if (o->if_empty && !check(service::partnerships(*db)).empty()) {
                std::cout << "The database already holds data; no demo created.\n";
                return;
            }
            auto templates = check(formats::load_templates(templates_dir(g)));
            if (o->scale > 0) {
                grow_demo(*db, templates, o->scale);
                return;
            }
            auto report = check(service::create_demo(*db, templates));
            std::cout << fmt::format("Created the demo partnership \"{}\" with framework {}.\n", service::kDemoSlug,
                                     report.framework.value);
            print_sign_ins(report.sign_ins);
        };
    });
}

void add_partnership(CLI::App& app, const Globals& g, Action& action)
{
    auto* partnership = app.add_subcommand("partnership", "Manage partnerships");
    partnership->require_subcommand(1);

    auto created = std::make_shared<Partnership>();
    auto* add = partnership->add_subcommand("add", "Create a partnership");
    add->add_option("--slug", created->slug, "Short handle: lower-case letters, digits, hyphens")->required();
    add->add_option("--name", created->name, "Full name")->required();
    add->callback([&g, &action, created] {
        action = [&g, created] {
            auto db = connect(g);
            auto id = check(service::create_partnership(*db, *created));
            std::cout << fmt::format("Created partnership {} ({}).\n", created->slug, id.value);
        };
    });

    auto* list = partnership->add_subcommand("list", "List partnerships");
    list->callback([&g, &action] {
        action = [&g] {
            auto db = connect(g);
            for (const auto& p : check(service::partnerships(*db)))
                std::cout << fmt::format("{:<20} {}\n", p.slug, p.name);
        };
    });
}

void add_user(CLI::App& app, const Globals& g, Action& action)
{
    auto* user = app.add_subcommand("user", "Manage user accounts");
    user->require_subcommand(1);

    struct Options {
        std::string email, name, role, agency;
        bool password_stdin = false;
    };
    auto o = std::make_shared<Options>();
    auto* add = user->add_subcommand("add", "Add a user; prints a generated password unless --password-stdin");
    add->add_option("--email", o->email, "Email address used to sign in")->required();
    add->add_option("--name", o->name, "Name shown to colleagues")->required();
    add->add_option("--role", o->role, "admin, lead, practitioner, partner or viewer")
        ->required()
        ->check(CLI::IsMember({"admin", "lead", "practitioner", "partner", "viewer"}));
    add->add_option("--agency", o->agency, "Agency the user belongs to (required for partners)");
    add->add_flag("--password-stdin", o->password_stdin, "Read the password from standard input");
    add->callback([&g, &action, o] {
        action = [&g, o] {
            auto db = connect(g);
            auto p = partnership_of(*db, g);
            User u;
            u.partnership = p.id;
            u.email = o->email;
            u.display_name = o->name;
            u.role = *parse_role(o->role);
            if (!o->agency.empty()) u.agency = agency_called(*db, p.id, o->agency);
            std::string password;
            if (o->password_stdin) {
                std::getline(std::cin, password);
            } else {
                password = service::generate_password();
            }
            auto id = check(service::add_user(*db, u, password, Actor::command_line()));
            std::cout << fmt::format("Added user {} ({}, {}).\n", normalise_email(o->email), to_string(u.role),
                                     id.value);
            if (!o->password_stdin) std::cout << "Password (shown once): " << password << "\n";
        };
    });

    auto* list = user->add_subcommand("list", "List the partnership's users");
    list->callback([&g, &action] {
        action = [&g] {
            auto db = connect(g);
            auto p = partnership_of(*db, g);
            for (const auto& u : check(service::users_in(*db, p.id)))
                std::cout << fmt::format("{:<5} {:<13} {:<36} {}{}\n", u.id.value, to_string(u.role), u.email,
                                         u.display_name, u.active ? "" : " (inactive)");
        };
    });

    // token EMAIL: an API token for a reporting tool or a script, printed once.
    struct TokenOptions {
        std::string email;
        std::string label;
        int days = kTokenDefaultDays;
        bool read_only = false;
    };
    auto t = std::make_shared<TokenOptions>();
    auto* token = user->add_subcommand("token", "Create an API token for an account and print it (shown once)");
    token->add_option("email", t->email, "The account's email address")->required();
    token->add_option("--label", t->label, "What the token is for, shown on the account page")->required();
    token->add_option("--days", t->days, "Days until it expires")
        ->capture_default_str()
        ->check(CLI::Range(1, kTokenMaxDays));
    token->add_flag("--read-only", t->read_only, "The token may only read (GET)");
    token->callback([&g, &action, t] {
        action = [&g, t] {
            auto db = connect(g);
            auto p = partnership_of(*db, g);
            auto account = check(service::user_by_email(*db, p.id, t->email));
            auto made = check(service::create_api_token(*db, account, t->label, t->days, t->read_only,
                                                        Actor::command_line(), unix_now()));
            std::cout << made.token << "\n";
        };
    });

    // unlock | deactivate | reactivate EMAIL: for an admin locked out, or a leaver.
    struct UserChange {
        const char* name;
        const char* help;
        Result<void> (*change)(store::Connection&, PartnershipId, UserId, const Actor&);
        const char* done;
    };
    static const UserChange kUserChanges[] = {
        {"unlock", "Let an account held back by wrong passwords sign in again at once", service::unlock_user,
         "{} can sign in again at once."},
        {"deactivate", "Deactivate an account: its sessions and API tokens end at once", service::deactivate_user,
         "{} is deactivated; their sessions and API tokens have ended."},
        {"reactivate", "Reactivate a deactivated account", service::reactivate_user, "{} is active again."},
    };
    auto email = std::make_shared<std::string>();
    for (const auto& change : kUserChanges) {
        auto* sub = user->add_subcommand(change.name, change.help);
        sub->add_option("email", *email, "The account's email address")->required();
        sub->callback([&g, &action, email, &change] {
            action = [&g, email, &change] {
                auto db = connect(g);
                auto p = partnership_of(*db, g);
                auto account = check(service::user_by_email(*db, p.id, *email));
                check(change.change(*db, p.id, account.id, Actor::command_line()));
                std::cout << fmt::format(fmt::runtime(change.done), account.email) << "\n";
            };
        });
    }
}

void add_context(CLI::App& app, const Globals& g, Action& action)
{
    auto* context = app.add_subcommand("context", "Work with contexts");
    context->require_subcommand(1);
    auto* list = context->add_subcommand("list", "List the partnership's contexts");
    list->callback([&g, &action] {
        action = [&g] {
            auto db = connect(g);
            auto p = partnership_of(*db, g);
            for (const auto& c : check(service::contexts_in(*db, p.id)))
                std::cout << fmt::format("{:<5} {:<18} {}\n", c.id.value, label(c.kind), c.name);
        };
    });
}

void add_retention(CLI::App& app, const Globals& g, Action& action)
{
    auto* retention = app.add_subcommand("retention", "Destroy records past their retention period");
    retention->require_subcommand(1);
    auto* run = retention->add_subcommand(
        "run",
        "Destroy what has passed its period in every partnership, held records excepted (the server does this "
        "daily)");
    auto dry = std::make_shared<bool>(false);
    run->add_flag("--dry-run", *dry, "List what would be destroyed and destroy nothing");
    run->callback([&g, &action, dry] {
        action = [&g, dry] {
            auto db = connect(g);
            auto runs =
                check(service::run_retention(*db, today_utc(), *dry, Actor{std::nullopt, "command line", "cli"}));
            std::int64_t total = 0;
            for (const auto& r : runs) {
                std::cout << fmt::format("{} ({}):\n", r.partnership.name, r.partnership.slug);
                if (r.lines.empty()) std::cout << "  nothing is due\n";
                for (const auto& line : r.lines) {
                    std::cout << fmt::format("  {} {} {}{} (rule: {})\n", *dry ? "would destroy" : "destroyed",
                                             line.count, info(line.kind).label,
                                             line.context ? fmt::format(", context {}", line.context->value) : "",
                                             line.rule);
                    total += line.count;
                }
            }
            std::cout << fmt::format("{} {} rows.\n", *dry ? "A run now would destroy" : "Destroyed", total);
        };
    });

    // Around a restore the backup command cannot do (PostgreSQL's pg_restore):
    // keep the log of the database being replaced, then apply it to the restored one.
    auto since = std::make_shared<std::string>();
    auto* saved = retention->add_subcommand(
        "log", "Print, as JSON, the destruction log's lines after a time (before restoring a backup taken then)");
    saved->add_option("--since", *since, "A UTC time as the backup recorded it, such as 2026-12-01T02:00:00Z")
        ->required();
    saved->callback([&g, &action, since] {
        action = [&g, since] {
            auto db = connect(g);
            nlohmann::json out = nlohmann::json::array();
            for (const auto& d : check(service::destroyed_since(*db, *since)))
                out.push_back({{"partnership", d.partnership.value},
                               {"kind", d.kind},
                               {"context", d.context ? nlohmann::json(d.context->value) : nlohmann::json(nullptr)},
                               {"records", d.records},
                               {"at", d.at}});
            std::cout << out.dump(2) << "\n";
        };
    });
    auto file = std::make_shared<std::string>();
    auto* reapply = retention->add_subcommand(
        "reapply", "Destroy again, in a restored database, what a saved destruction log (from `retention log`) lists");
    reapply->add_option("file", *file, "The saved log (- for standard input)")->required();
    reapply->callback([&g, &action, file] {
        action = [&g, file] {
            auto lines = nlohmann::json::parse(read_input(*file), nullptr, false);
            if (!lines.is_array())
                throw Failure{fmt::format("{} is not a destruction log from `trellis retention log`.", *file)};
            std::vector<LoggedDestruction> log;
            for (const auto& l : lines) {
                if (!l.is_object() || !l.value("partnership", nlohmann::json()).is_number_integer() ||
                    !l.value("kind", nlohmann::json()).is_string())
                    throw Failure{fmt::format("{} is not a destruction log from `trellis retention log`.", *file)};
                LoggedDestruction d;
                d.partnership = PartnershipId{l["partnership"].get<std::int64_t>()};
                d.kind = l["kind"].get<std::string>();
                if (l.contains("context") && l["context"].is_number_integer())
                    d.context = ContextId{l["context"].get<std::int64_t>()};
                if (l.contains("records") && l["records"].is_array())
                    for (const auto& r : l["records"])
                        if (r.is_number_integer()) d.records.push_back(r.get<std::int64_t>());
                d.at = l.value("at", "");
                log.push_back(std::move(d));
            }
            auto db = connect(g);
            auto rows = check(service::destroy_again(*db, log, Actor::command_line()));
            std::cout << fmt::format("Destroyed again what {} recorded: {}.\n",
                                     text::count(static_cast<std::int64_t>(log.size()), "line"),
                                     text::count(rows, "row"));
        };
    });
}

void add_audit(CLI::App& app, const Globals& g, Action& action)
{
    auto* audit = app.add_subcommand("audit", "Check the audit trail");
    audit->require_subcommand(1);
    auto* verify = audit->add_subcommand(
        "verify", "Recompute every audit row's MAC and report the first row changed or removed outside Trellis");
    verify->callback([&g, &action] {
        action = [&g] {
            auto db = connect(g);
            auto check_result = check(service::verify_audit_trail(*db));
            if (check_result.development_key)
                std::cerr << "trellis: warning: no audit key is loaded, so the chain proves nothing.\n";
            if (!check_result.intact) throw Failure{"the audit trail has been tampered with. " + check_result.problem};
            std::cout << fmt::format("The audit trail is intact: {} rows checked, the chain's head is row {}.\n",
                                     check_result.checked, check_result.head);
            if (check_result.unchained > 0)
                std::cout << fmt::format("{} rows written before the chain began are not covered by it.\n",
                                         check_result.unchained);
        };
    });
}

void add_backup(CLI::App& app, const Globals& g, Action& action)
{
    auto file = std::make_shared<std::string>();
    auto* backup = app.add_subcommand(
        "backup", "Write an encrypted backup of a SQLite database, consistent while the server runs");
    backup->add_option("file", *file, "Where to write the backup")->required();
    backup->callback([&g, &action, file] {
        action = [&g, file] {
            auto report = check(service::backup_database(g.db, *file, g.backup_key));
            std::cout << fmt::format(
                "Backed up {} bytes (schema version {}) to {}, taken at {}, encrypted with the key in {}. Keep "
                "that key apart from the backups: without it they cannot be read.\n",
                report.bytes, report.schema, *file, report.taken_at, report.key_file);
        };
    });
    auto from = std::make_shared<std::string>();
    auto* restore = app.add_subcommand(
        "restore",
        "Replace a SQLite database with a backup (stop the server first); destructions logged since the backup "
        "was taken are applied again");
    restore->add_option("file", *from, "The backup to restore")->required()->check(CLI::ExistingFile);
    restore->callback([&g, &action, from] {
        action = [&g, from] {
            check(service::load_audit_key(g.audit_key, g.db));
            auto report = check(service::restore_database(g.db, *from, g.backup_key, Actor::command_line()));
            std::cout << fmt::format("Restored the backup taken at {} (schema version {}).\n", report.taken_at,
                                     report.schema);
            for (const auto& m : report.applied) std::cout << "applied migration " << m << "\n";
            std::cout << fmt::format(
                "Destroyed again what {} of the destruction log recorded after the backup, and what has fallen "
                "due since: {}.\n",
                text::count(report.destructions, "line"), text::count(report.rows, "row"));
        };
    });
}

// The OpenAPI document /api/v1/openapi.json serves, for linters and client generators.
void add_api_document(CLI::App& app, const Globals&, Action& action)
{
    auto* api_document = app.add_subcommand("api-document", "Print the API's OpenAPI 3.1 document");
    api_document->callback(
        [&action] { action = [] { std::cout << check(web::openapi_document(web::route_table())).dump(2) << "\n"; }; });
}

void add_framework(CLI::App& app, const Globals& g, Action& action)
{
    auto* framework = app.add_subcommand("framework", "Work with outcomes frameworks");
    framework->require_subcommand(1);
    auto* list = framework->add_subcommand("list", "List the partnership's frameworks");
    list->callback([&g, &action] {
        action = [&g] {
            auto db = connect(g);
            auto p = partnership_of(*db, g);
            for (const auto& f : check(service::frameworks_in(*db, p.id)))
                std::cout << fmt::format("{:<5} {:<10} {:>3} goals  {}  ({})\n", f.id.value, label(f.status), f.goals,
                                         f.title, f.context_name);
        };
    });

    auto id = std::make_shared<std::int64_t>(0);
    auto* show = framework->add_subcommand("show", "Print a framework with every stage");
    show->add_option("FRAMEWORK", *id, "Framework number (see `framework list`)")->required();
    show->callback([&g, &action, id] {
        action = [&g, id] {
            auto db = connect(g);
            auto p = partnership_of(*db, g);
            auto [f, c] = check(service::framework_in(*db, p.id, FrameworkId{*id}));
            print_framework(f, c);
        };
    });
}

void add_import(CLI::App& app, const Globals& g, Action& action)
{
    struct Options {
        std::string file, context, kind = "peer_group";
        bool json_out = false, json_in = false;
    };
    auto o = std::make_shared<Options>();
    auto* import = app.add_subcommand(
        "import", "Import a framework from a Word table (.docx), the exemplar text layout or Trellis JSON");
    import->add_option("FILE", o->file, "File to read, or - for standard input")->required();
    import->add_option("--context", o->context, "Context to import into (created when missing)");
    import->add_option("--kind", o->kind, "Kind of a new context")
        ->capture_default_str()
        ->check(CLI::IsMember({"peer_group", "place", "school", "online", "other"}));
    import->add_flag("--json", o->json_out, "Print the parsed framework as JSON and write nothing");
    import->add_flag("--json-in", o->json_in, "FILE is Trellis framework JSON (from `trellis export --json`)");
    import->callback([&g, &action, o] {
        action = [&g, o] {
            std::string input = read_input(o->file);
    if (o->json_in) {
        auto db = connect(g);
        auto p = partnership_of(*db, g);
        auto doc = check(formats::from_json(input, service::user_lookup(*db, p.id)));
        if (o->json_out) {
            std::cout << formats::to_json(doc, service::email_lookup(*db, p.id)).dump(2) << "\n";
            return;
        }
        std::string target = !o->context.empty() ? o->context : doc.context ? doc.context->name : "";
        if (target.empty()) throw Failure{"Name the context to import into with --context NAME.", kUsage};
        auto kind = doc.context ? doc.context->kind : *parse_context_kind(o->kind);
        auto description = doc.context ? doc.context->description : std::string{};
        auto r = check(
            service::import_framework(*db, p.id, doc.framework, target, kind, description, Actor::command_line()));
        std::cout << fmt::format("Imported framework {} into context \"{}\"{}.\n", r.framework.value, target,
                                 r.context_created ? " (new context)" : "");
        return;
    }
    auto parsed =
        formats::looks_like_docx(input) ? formats::parse_framework_docx(input) : formats::parse_framework_text(input);
    if (!parsed) throw Failure{fmt::format("{}: {}", o->file, parsed.error().message)};
    if (o->json_out) {
        std::cout << formats::to_json({*parsed, std::nullopt, {}}, [](UserId) { return std::string{}; }).dump(2)
                  << "\n";
        return;
    }
    if (o->context.empty()) throw Failure{"Name the context to import into with --context NAME.", kUsage};
    auto db = connect(g);
    auto p = partnership_of(*db, g);
    auto r = check(service::import_framework(*db, p.id, *parsed, o->context, *parse_context_kind(o->kind), "",
                                             Actor::command_line()));
    std::cout << fmt::format("Imported framework {} ({}, {}) into context \"{}\"{}.\n", r.framework.value,
                             text::count(static_cast<std::int64_t>(parsed->areas.size()), "area"),
                             text::count(static_cast<std::int64_t>(parsed->goal_count()), "goal"), o->context,
                             r.context_created ? " (new context)" : "");
};
}  // namespace
);
}  // namespace trellis::app

void print_lens_matches(const lens::Analyser& analyser, const std::string& file, const std::string& content,
                        const lens::Analysis& a)
{
    auto share = a.welfare_share();
    std::cout << fmt::format(
        "{}: {} ({} welfare-led, {} use with caution, {} avoid{})\n", file,
        share ? fmt::format("welfare-led share {:.0f}%", *share * 100) : std::string("no framing found"), a.preferred,
        a.caution, a.avoid,
        a.young_persons_words.empty()
            ? std::string()
            : fmt::format("; {} young person's words set aside", a.young_persons_words.size()));
    for (const auto& m : a.matches) {
        auto [line, column] = service::line_and_column(content, m.begin);
        const auto& e = *m.entry;
        if (e.tier == lens::Tier::Preferred && !m.in_young_persons_words) continue;
        auto source = analyser.lexicon().sources.find(e.source);
        std::cout << fmt::format("  {}:{}  {:<9} \"{}\"  {}{}{}\n", line, column,
                                 m.in_young_persons_words ? "not scored" : lens::to_string(e.tier),
                                 text::collapse_space(content.substr(m.begin, m.end - m.begin)), e.category,
                                 e.alternative.empty() ? "" : " -> try: " + e.alternative,
                                 source == analyser.lexicon().sources.end() ? "" : " [" + source->second.title + "]");
    }
}

void add_lens(CLI::App& app, const Globals&, Action& action)
{
    struct Options {
        std::vector<std::string> files;
        bool json = false, young = false;
    };
    auto o = std::make_shared<Options>();
    auto* lens_cmd = app.add_subcommand(
        "lens", "Analyse professional text for blaming or criminalising language against welfare-led framing");
    lens_cmd->add_option("FILE", o->files, "Text or Word (.docx) files; - for standard input")->required();
    lens_cmd->add_flag("--json", o->json, "Print the matches and scores as JSON");
    lens_cmd->add_flag("--young-persons-words", o->young,
                       "The text is a young person's own words: show matches but score nothing");
    lens_cmd->callback([&action, o] {
        action = [o] {
            auto analyser = check(service::load_lens(share_dir()));
            nlohmann::json all = nlohmann::json::array();
            for (const auto& file : o->files) {
                std::string content = read_input(file);
                if (formats::looks_like_docx(content)) {
                    auto text = formats::docx_text(content);
                    if (!text) throw Failure{fmt::format("{}: {}", file, text.error().message)};
                    content = *text;
                }
                auto a = analyser->analyse(content, o->young ? lens::Voice::YoungPerson : lens::Voice::Professional);
                if (!a) throw Failure{fmt::format("{}: {}", file, a.error().message)};
                if (!o->json) {
                    print_lens_matches(*analyser, file, content, *a);
                    continue;
                }
                auto j = service::analysis_json(*analyser, content, *a);
                j["file"] = file;
                all.push_back(j);
            }
            if (o->json) std::cout << (all.size() == 1 ? all[0] : all).dump(2) << "\n";
        };
    });
}

void add_export(CLI::App& app, const Globals& g, Action& action)
{
    struct Options {
        std::int64_t id = 0;
        bool json = false, partner_safe = false;
        std::string format, output, agency;
    };
    auto o = std::make_shared<Options>();
    auto* exporter = app.add_subcommand("export", "Export a framework");
    exporter->add_option("FRAMEWORK", o->id, "Framework number (see `framework list`)")->required();
    auto* json_flag = exporter->add_flag("--json", o->json, "Lossless Trellis JSON, with every earlier stage version");
    exporter
        ->add_option("--format", o->format,
                     fmt::format("A document in the outcomes framework layout: {}",
                                 formats::export_format_names(/*documents_only=*/true)))
        ->check(CLI::Validator(
            [](std::string& chosen) {
                const auto* f = formats::find_export_format(chosen);
                return f && f->write ? std::string()
                                     : fmt::format("{} is not one of {}", chosen, formats::export_format_names(true));
            },
            "FORMAT"))
        ->excludes(json_flag);
    exporter
        ->add_flag(
            "--docx", [o](std::int64_t) { o->format = "docx"; }, "The same as --format docx")
        ->excludes(json_flag);
    auto* partner_flag =
        exporter->add_flag("--partner-safe", o->partner_safe, "Leave out evidence about individual young people");
    exporter
        ->add_option(
            "--agency", o->agency,
            "The partner agency a partner-safe copy is for; it needs an information sharing agreement in force")
        ->needs(partner_flag);
    exporter->add_option("-o,--output", o->output, "Write to this file instead of standard output");
    exporter->callback([&g, &action, o] {
        action = [&g, o] {
            if (!o->json && o->format.empty()) throw Failure{"Choose the format: --json or --format.", kUsage};
            const auto* format = o->format.empty() ? nullptr : formats::find_export_format(o->format);
            if (format && format->binary && o->output.empty())
                throw Failure{
                    fmt::format("A {} document needs a file: add -o FILE.{}.", format->label, format->extension),
                    kUsage};
            auto db = connect(g);
            auto p = partnership_of(*db, g);
            std::string text;
            if (format) {
                std::optional<AgencyId> recipient;
                if (!o->agency.empty()) recipient = agency_called(*db, p.id, o->agency);
                auto data = check(
                    service::document_export(*db, p.id, FrameworkId{o->id}, o->format,
                                             o->partner_safe ? service::Audience::Partner : service::Audience::Team,
                                             Actor::command_line(), recipient));
                text = check(format->write(data.input(), today_utc()));
            } else {
                auto doc = check(service::export_framework(*db, p.id, FrameworkId{o->id}, Actor::command_line()));
                text = formats::to_json(doc, service::email_lookup(*db, p.id)).dump(2) + "\n";
            }
            if (o->output.empty()) {
                std::cout << text;
                return;
            }
            std::ofstream out(o->output, std::ios::binary | std::ios::trunc);
            out << text;
            if (!out) throw Failure{fmt::format("Cannot write {}.", o->output)};
            std::cerr << fmt::format("Wrote {}.\n", o->output);
        };
    });
}

// Log lines as JSON objects, for a log store: the time, the level and the
// message (itself key=value pairs, free of personal data).
class JsonString final : public spdlog::custom_flag_formatter {
public:
    void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override
    {
        auto quoted = nlohmann::json(std::string(msg.payload.data(), msg.payload.size()))
                          .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        dest.append(quoted.data(), quoted.data() + quoted.size());
    }
    std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<JsonString>(); }
};

void log_as_json()
{
    auto formatter = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
    formatter->add_flag<JsonString>('*').set_pattern(R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","message":%*})");
    spdlog::set_formatter(std::move(formatter));
}

}  // namespace

int run(int argc, char** argv)
{
    spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
    CLI::App app{"Trellis: plan, run and evidence Contextual Safeguarding work.", "trellis"};
    app.require_subcommand(1);
    app.set_help_all_flag("--help-all", "Show help for every command");
    Globals g;
    app.add_option("--db", g.db, "Database: sqlite:PATH or postgresql://USER@HOST:PORT/NAME")
        ->envname("TRELLIS_DB")
        ->capture_default_str();
    app.add_option("--partnership", g.partnership, "Partnership handle (needed when the install holds several)")
        ->envname("TRELLIS_PARTNERSHIP");
    app.add_option("--templates", g.templates, "Folder of framework templates (*.json)");
    app.add_option("--audit-key", g.audit_key,
                   "File holding the audit trail's 32-byte key as hex, kept outside the database (default: audit.key "
                   "beside a SQLite database; created when missing)")
        ->envname("TRELLIS_AUDIT_KEY");
    app.add_option("--backup-key", g.backup_key,
                   "File holding the key backups are encrypted with, as hex (default: backup.key beside a SQLite "
                   "database; created when missing)")
        ->envname("TRELLIS_BACKUP_KEY");

    // TRELLIS_CONFIG names the file when --config does not; either way it must exist.
    const char* config_env = std::getenv("TRELLIS_CONFIG");
    app.set_config("--config", config_env ? config_env : "",
                   "Read options from this file (TOML: global options at the top, a command's under [its name]); "
                   "default: $TRELLIS_CONFIG",
                   config_env != nullptr && *config_env != '\0');
    std::string log_format = "text";
    app.add_option("--log-format", log_format, "text, or json for one JSON object a line")
        ->envname("TRELLIS_LOG_FORMAT")
        ->capture_default_str()
        ->check(CLI::IsMember({"text", "json"}));

    Action action;
    for (auto add : {add_serve, add_migrate, add_demo, add_partnership, add_user, add_context, add_audit, add_retention,
                     add_backup, add_api_document, add_framework, add_import, add_lens, add_export})
        add(app, g, action);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << "trellis: " << e.what() << " (see trellis --help)\n";
        return kUsage;
    }
    if (log_format == "json") log_as_json();
    try {
        if (action) action();
        return kOk;
    } catch (const Failure& f) {
        std::cerr << "trellis: " << f.message << "\n";
        return f.code;
    } catch (const std::exception& e) {
        std::cerr << "trellis: unexpected failure: " << e.what() << "\n";
        return kFailed;
    }
}

}  // namespace trellis::app
