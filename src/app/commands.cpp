#include "app/commands.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <unistd.h>

#include <fmt/format.h>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "domain/text.hpp"
#include "formats/docx_text.hpp"
#include "formats/export_formats.hpp"
#include "formats/framework_docx_import.hpp"
#include "formats/framework_export.hpp"
#include "formats/framework_json.hpp"
#include "formats/framework_text.hpp"
#include "formats/template_files.hpp"
#include "service/demo.hpp"
#include "service/frameworks.hpp"
#include "service/lens.hpp"
#include "service/passwords.hpp"
#include "service/users.hpp"
#include "store/migrations.hpp"
#include "store/repos.hpp"
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

// Data files (templates, views) live in share/ beside the binary, or one level up.
std::filesystem::path share_dir()
{
    if (const char* env = std::getenv("TRELLIS_SHARE")) return env;
    auto dir = executable_dir();
    for (auto candidate : {dir / "share", dir.parent_path() / "share"})
        if (std::filesystem::is_directory(candidate / "templates")) return candidate;
    return dir / "share";
}

std::filesystem::path templates_dir(const Globals& g)
{
    if (!g.templates.empty()) return g.templates;
    return share_dir() / "templates";
}

std::unique_ptr<store::Connection> connect(const Globals& g)
{
    auto db = check(store::open(g.db));
    check(store::migrate(*db));
    return db;
}

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

    auto partnership = [&](store::Connection& db) { return check(service::resolve_partnership(db, g.partnership)); };
    std::function<void()> action;

    // serve
    auto* serve = app.add_subcommand("serve", "Start the web server");
    web::ServeOptions serve_options;
    double session_idle_minutes = 30;
    double session_max_hours = 12;
    serve->add_option("--port", serve_options.port, "Port to listen on")
        ->capture_default_str()
        ->check(CLI::Range(1, 65535));
    serve->add_option("--address", serve_options.address, "Address to listen on")->capture_default_str();
    serve->add_option("--threads", serve_options.io_threads, "I/O threads")
        ->capture_default_str()
        ->check(CLI::Range(1, 64));
    serve->add_option("--workers", serve_options.workers, "Worker threads for database and password work")
        ->capture_default_str()
        ->check(CLI::Range(1, 256));
    serve->add_flag("--secure-cookies", serve_options.secure_cookies,
                    "Users reach Trellis over HTTPS (behind a TLS proxy): mark cookies Secure and __Host-");
    serve
        ->add_option("--trusted-proxy", serve_options.trusted_proxies,
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
        ->add_option("--max-connections", serve_options.max_connections,
                     "Open connections at once (kept below the open-file limit)")
        ->capture_default_str()
        ->check(CLI::Range(16, 1000000));
    serve
        ->add_option("--max-connections-per-address", serve_options.max_connections_per_address,
                     "Open connections at once from one client address (trusted proxies are exempt)")
        ->capture_default_str()
        ->check(CLI::Range(1, 1000000));
    serve
        ->add_option("--read-timeout", serve_options.read_timeout_seconds,
                     "Seconds a request, body included, may take to arrive")
        ->capture_default_str()
        ->check(CLI::Range(1, 600));
    serve
        ->add_option("--session-idle-minutes", session_idle_minutes,
                     "Sign a user out after this many minutes without a request")
        ->capture_default_str()
        ->check(CLI::Range(0.01, 24.0 * 60));
    serve->add_option("--session-max-hours", session_max_hours, "Sign a user out this many hours after sign-in")
        ->capture_default_str()
        ->check(CLI::Range(0.001, 24.0 * 7));
    serve->callback([&] {
        action = [&] {
            serve_options.session_idle_seconds = static_cast<std::int64_t>(session_idle_minutes * 60);
            serve_options.session_max_seconds = static_cast<std::int64_t>(session_max_hours * 3600);
            serve_options.db_url = g.db;
            serve_options.share_dir = share_dir();
            serve_options.static_dir = executable_dir() / "static";
            serve_options.on_listening = [](const std::string& url) {
                std::cout << "Trellis is listening on " << url << std::endl;
            };
            check(web::serve(serve_options));
        };
    });

    // migrate
    auto* migrate = app.add_subcommand("migrate", "Create or update the database schema");
    migrate->callback([&] {
        action = [&] {
            auto db = check(store::open(g.db));
            auto report = check(store::migrate(*db));
            for (const auto& m : report.applied) std::cout << "applied migration " << m << "\n";
            std::cout << fmt::format("schema version {} (was {})\n", report.to_version, report.from_version);
        };
    });

    // demo
    auto* demo = app.add_subcommand("demo", "Create the demo partnership, users and framework");
    bool if_empty = false;
    bool new_passwords = false;
    demo->add_flag("--if-empty", if_empty, "Only when the database holds no partnership yet");
    demo->add_flag("--new-passwords", new_passwords, "Give the demo accounts new passwords and print them");
    demo->callback([&] {
        action = [&] {
            auto db = connect(g);
            if (new_passwords) {
                print_sign_ins(check(service::renew_demo_passwords(*db)));
                return;
            }
            if (if_empty && !check(store::partnerships::list(*db)).empty()) {
                std::cout << "The database already holds data; no demo created.\n";
                return;
            }
            auto templates = check(formats::load_templates(templates_dir(g)));
            auto report = check(service::create_demo(*db, templates));
            std::cout << fmt::format("Created the demo partnership \"{}\" with framework {}.\n", service::kDemoSlug,
                                     report.framework.value);
            print_sign_ins(report.sign_ins);
        };
    });

    // partnership add
    auto* partnership_cmd = app.add_subcommand("partnership", "Manage partnerships");
    partnership_cmd->require_subcommand(1);
    auto* partnership_add = partnership_cmd->add_subcommand("add", "Create a partnership");
    Partnership new_partnership;
    partnership_add->add_option("--slug", new_partnership.slug, "Short handle: lower-case letters, digits, hyphens")
        ->required();
    partnership_add->add_option("--name", new_partnership.name, "Full name")->required();
    partnership_add->callback([&] {
        action = [&] {
            auto db = connect(g);
            auto tx = check(store::Transaction::begin(*db));
            auto id = check(store::partnerships::create(*db, new_partnership));
            check(store::audit::record(*db, Actor::command_line(), {id, "create", "partnership", id.value, {}, ""}));
            check(tx.commit());
            std::cout << fmt::format("Created partnership {} ({}).\n", new_partnership.slug, id.value);
        };
    });
    auto* partnership_list = partnership_cmd->add_subcommand("list", "List partnerships");
    partnership_list->callback([&] {
        action = [&] {
            auto db = connect(g);
            for (const auto& p : check(store::partnerships::list(*db)))
                std::cout << fmt::format("{:<20} {}\n", p.slug, p.name);
        };
    });

    // user add | list
    auto* user = app.add_subcommand("user", "Manage user accounts");
    user->require_subcommand(1);
    auto* user_add = user->add_subcommand("add", "Add a user; prints a generated password unless --password-stdin");
    std::string email, name, role_text, agency_name;
    bool password_stdin = false;
    user_add->add_option("--email", email, "Email address used to sign in")->required();
    user_add->add_option("--name", name, "Name shown to colleagues")->required();
    user_add->add_option("--role", role_text, "admin, lead, practitioner, partner or viewer")
        ->required()
        ->check(CLI::IsMember({"admin", "lead", "practitioner", "partner", "viewer"}));
    user_add->add_option("--agency", agency_name, "Agency the user belongs to (required for partners)");
    user_add->add_flag("--password-stdin", password_stdin, "Read the password from standard input");
    user_add->callback([&] {
        action = [&] {
            auto db = connect(g);
            auto p = partnership(*db);
            User u;
            u.partnership = p.id;
            u.email = email;
            u.display_name = name;
            u.role = *parse_role(role_text);
            if (!agency_name.empty()) {
                auto agencies = check(store::partnerships::agencies(*db, p.id));
                auto it = std::ranges::find_if(
                    agencies, [&](const Agency& a) { return text::name_key(a.name) == text::name_key(agency_name); });
                if (it == agencies.end()) throw Failure{fmt::format("There is no agency called \"{}\".", agency_name)};
                u.agency = it->id;
            }
            std::string password;
            if (password_stdin) {
                std::getline(std::cin, password);
            } else {
                password = service::generate_password();
            }
            auto id = check(service::add_user(*db, u, password, Actor::command_line()));
            std::cout << fmt::format("Added user {} ({}, {}).\n", normalise_email(email), to_string(u.role), id.value);
            if (!password_stdin) std::cout << "Password (shown once): " << password << "\n";
        };
    });
    auto* user_list = user->add_subcommand("list", "List the partnership's users");
    user_list->callback([&] {
        action = [&] {
            auto db = connect(g);
            auto p = partnership(*db);
            for (const auto& u : check(store::users::list(*db, p.id)))
                std::cout << fmt::format("{:<5} {:<13} {:<36} {}{}\n", u.id.value, to_string(u.role), u.email,
                                         u.display_name, u.active ? "" : " (inactive)");
        };
    });

    // user unlock | deactivate | reactivate EMAIL: for an admin locked out, or a leaver
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
    std::string change_email;
    for (const auto& change : kUserChanges) {
        auto* sub = user->add_subcommand(change.name, change.help);
        sub->add_option("email", change_email, "The account's email address")->required();
        sub->callback([&, &change = change] {
            action = [&] {
                auto db = connect(g);
                auto p = partnership(*db);
                auto found = store::users::find_with_hash(*db, change_email);
                if (!found || found->first.partnership != p.id)
                    throw Failure{fmt::format("There is no account for {} in this partnership.", change_email)};
                check(change.change(*db, p.id, found->first.id, Actor::command_line()));
                std::cout << fmt::format(fmt::runtime(change.done), found->first.email) << "\n";
            };
        });
    }

    // context list
    auto* context = app.add_subcommand("context", "Work with contexts");
    context->require_subcommand(1);
    auto* context_list = context->add_subcommand("list", "List the partnership's contexts");
    context_list->callback([&] {
        action = [&] {
            auto db = connect(g);
            auto p = partnership(*db);
            for (const auto& c : check(store::contexts::list(*db, p.id)))
                std::cout << fmt::format("{:<5} {:<18} {}\n", c.id.value, label(c.kind), c.name);
        };
    });

    // api-document: the OpenAPI document /api/v1/openapi.json serves, for linters and client generators.
    auto* api_document = app.add_subcommand("api-document", "Print the API's OpenAPI 3.1 document");
    api_document->callback(
        [&] { action = [&] { std::cout << check(web::openapi_document(web::route_table())).dump(2) << "\n"; }; });

    // framework list | show
    auto* framework = app.add_subcommand("framework", "Work with outcomes frameworks");
    framework->require_subcommand(1);
    auto* framework_list = framework->add_subcommand("list", "List the partnership's frameworks");
    framework_list->callback([&] {
        action = [&] {
            auto db = connect(g);
            auto p = partnership(*db);
            for (const auto& f : check(store::frameworks::list(*db, p.id)))
                std::cout << fmt::format("{:<5} {:<10} {:>3} goals  {}  ({})\n", f.id.value, label(f.status), f.goals,
                                         f.title, f.context_name);
        };
    });
    auto* framework_show = framework->add_subcommand("show", "Print a framework with every stage");
    std::int64_t framework_id = 0;
    framework_show->add_option("FRAMEWORK", framework_id, "Framework number (see `framework list`)")->required();
    framework_show->callback([&] {
        action = [&] {
            auto db = connect(g);
            auto p = partnership(*db);
            auto tx = check(store::Transaction::begin(*db));
            auto f = check(store::frameworks::load(*db, p.id, FrameworkId{framework_id}));
            auto c = check(store::contexts::get(*db, p.id, f.context));
            check(
                store::audit::record(*db, Actor::command_line(), {p.id, "view", "framework", framework_id, c.id, ""}));
            check(tx.commit());
            print_framework(f, c);
        };
    });

    // import
    auto* import = app.add_subcommand(
        "import", "Import a framework from a Word table (.docx), the exemplar text layout or Trellis JSON");
    std::string import_file, context_name, kind_text = "peer_group";
    bool import_json_out = false, import_json_in = false;
    import->add_option("FILE", import_file, "File to read, or - for standard input")->required();
    import->add_option("--context", context_name, "Context to import into (created when missing)");
    import->add_option("--kind", kind_text, "Kind of a new context")
        ->capture_default_str()
        ->check(CLI::IsMember({"peer_group", "place", "school", "online", "other"}));
    import->add_flag("--json", import_json_out, "Print the parsed framework as JSON and write nothing");
    import->add_flag("--json-in", import_json_in, "FILE is Trellis framework JSON (from `trellis export --json`)");
    import->callback([&] {
        action = [&] {
            std::string input = read_input(import_file);
    if (import_json_in) {
        auto db = connect(g);
        auto p = partnership(*db);
        auto doc = check(formats::from_json(input, service::user_lookup(*db, p.id)));
        if (import_json_out) {
            std::cout << formats::to_json(doc, service::email_lookup(*db, p.id)).dump(2) << "\n";
            return;
        }
        std::string target = !context_name.empty() ? context_name : doc.context ? doc.context->name : "";
        if (target.empty()) throw Failure{"Name the context to import into with --context NAME.", kUsage};
        auto kind = doc.context ? doc.context->kind : *parse_context_kind(kind_text);
        auto description = doc.context ? doc.context->description : std::string{};
        auto r = check(
            service::import_framework(*db, p.id, doc.framework, target, kind, description, Actor::command_line()));
        std::cout << fmt::format("Imported framework {} into context \"{}\"{}.\n", r.framework.value, target,
                                 r.context_created ? " (new context)" : "");
        return;
    }
    auto parsed =
        formats::looks_like_docx(input) ? formats::parse_framework_docx(input) : formats::parse_framework_text(input);
    if (!parsed) throw Failure{fmt::format("{}: {}", import_file, parsed.error().message)};
    if (import_json_out) {
        std::cout << formats::to_json({*parsed, std::nullopt, {}}, [](UserId) { return std::string{}; }).dump(2)
                  << "\n";
        return;
    }
    if (context_name.empty()) throw Failure{"Name the context to import into with --context NAME.", kUsage};
    auto db = connect(g);
    auto p = partnership(*db);
    auto r = check(service::import_framework(*db, p.id, *parsed, context_name, *parse_context_kind(kind_text), "",
                                             Actor::command_line()));
    std::cout << fmt::format("Imported framework {} ({} areas, {} goals) into context \"{}\"{}.\n", r.framework.value,
                             parsed->areas.size(), parsed->goal_count(), context_name,
                             r.context_created ? " (new context)" : "");
};
}  // namespace trellis::app
);

// lens
auto* lens_cmd = app.add_subcommand(
    "lens", "Analyse professional text for blaming or criminalising language against welfare-led framing");
std::vector<std::string> lens_files;
bool lens_json = false, lens_young = false;
lens_cmd->add_option("FILE", lens_files, "Text or Word (.docx) files; - for standard input")->required();
lens_cmd->add_flag("--json", lens_json, "Print the matches and scores as JSON");
lens_cmd->add_flag("--young-persons-words", lens_young,
                   "The text is a young person's own words: show matches but score nothing");
lens_cmd->callback([&] {
    action = [&] {
        auto analyser = check(service::load_lens(share_dir()));
        nlohmann::json all = nlohmann::json::array();
        for (const auto& file : lens_files) {
            std::string bytes = read_input(file);
            std::string content = bytes;
            if (formats::looks_like_docx(bytes)) {
                auto text = formats::docx_text(bytes);
                if (!text) throw Failure{fmt::format("{}: {}", file, text.error().message)};
                content = *text;
            }
            auto a = analyser->analyse(content, lens_young ? lens::Voice::YoungPerson : lens::Voice::Professional);
            if (!a) throw Failure{fmt::format("{}: {}", file, a.error().message)};
            if (lens_json) {
                auto j = service::analysis_json(*analyser, content, *a);
                j["file"] = file;
                all.push_back(j);
                continue;
            }
            auto share = a->welfare_share();
            std::cout << fmt::format(
                "{}: {} ({} welfare-led, {} use with caution, {} avoid{})\n", file,
                share ? fmt::format("welfare-led share {:.0f}%", *share * 100) : std::string("no framing found"),
                a->preferred, a->caution, a->avoid,
                a->young_persons_words.empty()
                    ? std::string()
                    : fmt::format("; {} young person's words set aside", a->young_persons_words.size()));
            for (const auto& m : a->matches) {
                auto [line, column] = service::line_and_column(content, m.begin);
                const auto& e = *m.entry;
                if (e.tier == lens::Tier::Preferred && !m.in_young_persons_words) continue;
                auto source = analyser->lexicon().sources.find(e.source);
                std::cout << fmt::format(
                    "  {}:{}  {:<9} \"{}\"  {}{}{}\n", line, column,
                    m.in_young_persons_words ? "not scored" : lens::to_string(e.tier),
                    text::collapse_space(content.substr(m.begin, m.end - m.begin)), e.category,
                    e.alternative.empty() ? "" : " -> try: " + e.alternative,
                    source == analyser->lexicon().sources.end() ? "" : " [" + source->second.title + "]");
            }
        }
        if (lens_json) std::cout << (all.size() == 1 ? all[0] : all).dump(2) << "\n";
    };
});

// export
auto* exporter = app.add_subcommand("export", "Export a framework");
std::int64_t export_id = 0;
bool export_json = false;
std::string output;
exporter->add_option("FRAMEWORK", export_id, "Framework number (see `framework list`)")->required();
std::string export_format;
bool partner_safe = false;
auto* json_flag = exporter->add_flag("--json", export_json, "Lossless Trellis JSON, with every earlier stage version");
exporter
    ->add_option("--format", export_format,
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
        "--docx", [&](std::int64_t) { export_format = "docx"; }, "The same as --format docx")
    ->excludes(json_flag);
exporter->add_flag("--partner-safe", partner_safe, "Leave out evidence about individual young people");
exporter->add_option("-o,--output", output, "Write to this file instead of standard output");
exporter->callback([&] {
    action = [&] {
        if (!export_json && export_format.empty()) throw Failure{"Choose the format: --json or --format.", kUsage};
        const auto* format = export_format.empty() ? nullptr : formats::find_export_format(export_format);
        if (format && format->binary && output.empty())
            throw Failure{fmt::format("A {} document needs a file: add -o FILE.{}.", format->label, format->extension),
                          kUsage};
        auto db = connect(g);
        auto p = partnership(*db);
        std::string text;
        if (format) {
            auto data = check(service::document_export(
                *db, p.id, FrameworkId{export_id}, export_format,
                partner_safe ? service::Audience::Partner : service::Audience::Team, Actor::command_line()));
            text = check(format->write(data.input(), store::today_utc()));
        } else {
            auto doc = check(service::export_framework(*db, p.id, FrameworkId{export_id}, Actor::command_line()));
            text = formats::to_json(doc, service::email_lookup(*db, p.id)).dump(2) + "\n";
        }
        if (output.empty()) {
            std::cout << text;
        } else {
            std::ofstream out(output, std::ios::binary | std::ios::trunc);
            out << text;
            if (!out) throw Failure{fmt::format("Cannot write {}.", output)};
            std::cerr << fmt::format("Wrote {}.\n", output);
        }
    };
});

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
