#include "web/charts.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <kainjow/mustache.hpp>

#include "domain/indicator.hpp"

namespace trellis::web::charts {
namespace {

// The wide chart (tablets and desktops) and the narrow one a phone shows
// instead: 340 units across a 345-pixel column, so its 13-unit text is at
// least 12 pixels on a 375-pixel screen. CSS shows one or the other.
constexpr int kWidth = 720, kHeight = 292, kLeft = 48, kBottom = 56, kTop = 16;
constexpr int kNarrow = 340;

std::string escape(const std::string& s)
{
    return kainjow::mustache::html_escape<std::string>(s);
}

// A round number at or above v for the top of the value axis.
double nice_top(double v)
{
    if (v <= 2) return 2;  // whole-number ticks for small counts
    double magnitude = std::pow(10.0, std::floor(std::log10(v)));
    for (double step : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (step * magnitude >= v) return step * magnitude;
    return 10 * magnitude;
}

std::string svg_open(const std::string& id, const std::string& title, const std::string& description,
                     int width = kWidth, int height = kHeight, const char* variant = "wide")
{
    return fmt::format(
        "<svg class=\"trellis-chart trellis-chart--{5}\" viewBox=\"0 0 {0} {1}\" role=\"img\" "
        "aria-labelledby=\"{2}-title {2}-desc\" xmlns=\"http://www.w3.org/2000/svg\"><title "
        "id=\"{2}-title\">{3}</title>"
        "<desc id=\"{2}-desc\">{4}</desc>",
        width, height, escape(id), escape(title), escape(description), variant);
}

// The value axis with three gridline labels; returns the SVG and the scale.
std::string value_axis(double top)
{
    int plot_h = kHeight - kBottom - kTop;
    std::string svg = fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" class=\"trellis-chart__axis\"/>",
                                  kLeft, kHeight - kBottom, kWidth - 5);
    for (int tick = 0; tick <= 2; ++tick) {
        double value = top * tick / 2;
        double y = kHeight - kBottom - plot_h * value / top;
        svg += fmt::format("<text x=\"{}\" y=\"{:.1f}\" class=\"trellis-chart__label\" text-anchor=\"end\">{}</text>",
                           kLeft - 6, y + 4, format_number(value));
        if (tick > 0)
            svg +=
                fmt::format("<line x1=\"{0}\" y1=\"{1:.1f}\" x2=\"{2}\" y2=\"{1:.1f}\" class=\"trellis-chart__grid\"/>",
                            kLeft, y, kWidth - 5);
    }
    return svg;
}

// A category label broken into lines at spaces to fit under its slot, never
// cut short: a word longer than the slot keeps a line of its own.
std::vector<std::string> wrapped(const std::string& s, double slot)
{
    std::size_t fits = std::max<std::size_t>(4, static_cast<std::size_t>(slot / 7.0));
    std::vector<std::string> lines;
    std::string line;
    std::size_t at = 0;
    while (at <= s.size()) {
        auto space = s.find(' ', at);
        std::string word = s.substr(at, space == std::string::npos ? std::string::npos : space - at);
        if (!line.empty() && line.size() + 1 + word.size() > fits) {
            lines.push_back(line);
            line.clear();
        }
        line += (line.empty() ? "" : " ") + word;
        if (space == std::string::npos) break;
        at = space + 1;
    }
    if (!line.empty()) lines.push_back(line);
    return lines;
}

std::string label_lines(const std::string& s, double x, int y, double slot)
{
    std::string out =
        fmt::format("<text x=\"{:.1f}\" y=\"{}\" class=\"trellis-chart__label\" text-anchor=\"middle\">", x, y);
    auto lines = wrapped(s, slot);
    for (std::size_t i = 0; i < lines.size(); ++i)
        out += fmt::format("<tspan x=\"{:.1f}\" dy=\"{}\">{}</tspan>", x, i == 0 ? 0 : 14, escape(lines[i]));
    return out + "</text>";
}

// The phone's version of a bar chart: one row per category, its full label
// above its bars, each bar's value at its end.
std::string narrow_bars(const Bars& chart, double top)
{
    constexpr int kLabel = 18, kBar = 16, kGap = 12, kRoom = 48;
    std::size_t k = std::max<std::size_t>(1, chart.series.size());
    int row = kLabel + static_cast<int>(k) * kBar + kGap;
    int height = static_cast<int>(chart.categories.size()) * row + 4;
    std::string svg = svg_open(chart.id + "-narrow", chart.title, chart.description, kNarrow, height, "narrow");
    for (std::size_t i = 0; i < chart.categories.size(); ++i) {
        int y = static_cast<int>(i) * row;
        svg += fmt::format("<text x=\"0\" y=\"{}\" class=\"trellis-chart__label\">{}</text>", y + 14,
                           escape(chart.categories[i]));
        for (std::size_t s = 0; s < chart.series.size(); ++s) {
            double v = i < chart.series[s].values.size() ? chart.series[s].values[i] : 0;
            double w = (kNarrow - kRoom) * std::max(0.0, v) / top;
            int by = y + kLabel + static_cast<int>(s) * kBar;
            svg += fmt::format(
                "<rect x=\"0\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" class=\"trellis-chart__{}\"/>"
                "<text x=\"{:.1f}\" y=\"{}\" class=\"trellis-chart__label\">{}</text>",
                by, w, kBar - 3, escape(chart.series[s].css), w + 4, by + 11, format_number(v));
        }
    }
    return svg + "</svg>";
}

std::string legend(const std::vector<std::pair<std::string, std::string>>& keys)
{
    std::string out = "<figcaption class=\"govuk-body-s\">";
    for (const auto& [name, css] : keys)
        out += fmt::format("<span class=\"trellis-key trellis-key--{}\"></span> {} ", escape(css), escape(name));
    return out + "</figcaption>";
}

}  // namespace

std::string bars(const Bars& chart)
{
    double top = 0;
    for (const auto& s : chart.series)
        for (double v : s.values) top = std::max(top, v);
    return bars(chart, nice_top(top));
}

std::string bars(const Bars& chart, double top)
{
    int plot_h = kHeight - kBottom - kTop;
    std::size_t n = chart.categories.size(), k = std::max<std::size_t>(1, chart.series.size());
    double group = n ? double(kWidth - kLeft - 10) / double(n) : 0;
    double bar = std::max(2.0, std::min(28.0, group / (double(k) + 0.8)));
    std::string svg = svg_open(chart.id, chart.title, chart.description) + value_axis(top);
    std::size_t every = n <= 12 ? 1 : (n + 11) / 12;
    for (std::size_t i = 0; i < n; ++i) {
        double x = kLeft + group * double(i) + (group - double(k) * bar) / 2;
        for (std::size_t s = 0; s < chart.series.size(); ++s) {
            double v = i < chart.series[s].values.size() ? chart.series[s].values[i] : 0;
            double h = plot_h * std::max(0.0, v) / top;
            svg += fmt::format(
                "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" class=\"trellis-chart__{}\"/>",
                x + bar * double(s), kHeight - kBottom - h, bar, h, escape(chart.series[s].css));
        }
        if (i % every == 0)
            svg += label_lines(chart.categories[i], x + bar * double(k) / 2, kHeight - kBottom + 18,
                               group * double(every));
    }
    std::vector<std::pair<std::string, std::string>> keys;
    for (const auto& s : chart.series) keys.emplace_back(s.name, s.css);
    return "<figure class=\"trellis-figure\">" + svg + "</svg>" + narrow_bars(chart, top) + legend(keys) + "</figure>";
}

std::string line(const Line& chart)
{
    double top = 0;
    for (double v : chart.values) top = std::max(top, v);
    if (chart.baseline) top = std::max(top, *chart.baseline);
    if (chart.target) top = std::max(top, *chart.target);
    top = nice_top(top);
    int plot_h = kHeight - kBottom - kTop;
    std::size_t n = chart.values.size();
    double step = n > 1 ? double(kWidth - kLeft - 40) / double(n - 1) : 0;
    auto x_of = [&](std::size_t i) { return n > 1 ? kLeft + 20 + step * double(i) : (kLeft + kWidth) / 2.0; };
    auto y_of = [&](double v) { return kHeight - kBottom - plot_h * std::max(0.0, v) / top; };
    std::string svg = svg_open(chart.id, chart.title, chart.description) + value_axis(top);
    std::vector<std::pair<std::string, std::string>> keys = {{"Measured", "s0"}};
    auto reference = [&](double v, const char* css, const char* name) {
        svg += fmt::format("<line x1=\"{0}\" y1=\"{1:.1f}\" x2=\"{2}\" y2=\"{1:.1f}\" class=\"trellis-chart__{3}\"/>",
                           kLeft, y_of(v), kWidth - 5, css);
        keys.emplace_back(name, css);
    };
    if (chart.baseline) reference(*chart.baseline, "baseline", "Baseline");
    if (chart.target) reference(*chart.target, "target", "Target");
    std::string points;
    for (std::size_t i = 0; i < n; ++i) points += fmt::format("{:.1f},{:.1f} ", x_of(i), y_of(chart.values[i]));
    if (n > 1) svg += fmt::format("<polyline points=\"{}\" class=\"trellis-chart__trace\"/>", points);
    std::size_t every = n <= 8 ? 1 : (n + 7) / 8;
    for (std::size_t i = 0; i < n; ++i) {
        svg += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"5\" class=\"trellis-chart__s0\"/>", x_of(i),
                           y_of(chart.values[i]));
        if (i % every == 0 && i < chart.labels.size())
            svg += label_lines(chart.labels[i], x_of(i), kHeight - kBottom + 18, step * double(every));
    }
    // The phone's version: the same line across 340 units, the first and last
    // dates labelled, anchored inside the chart so neither is cut off.
    constexpr int kNarrowHeight = 200, kNarrowBottom = 28, kNarrowLeft = 36;
    int narrow_plot = kNarrowHeight - kNarrowBottom - kTop;
    double narrow_step = n > 1 ? double(kNarrow - kNarrowLeft - 12) / double(n - 1) : 0;
    auto nx = [&](std::size_t i) { return n > 1 ? kNarrowLeft + 6 + narrow_step * double(i) : kNarrow / 2.0; };
    auto ny = [&](double v) { return kNarrowHeight - kNarrowBottom - narrow_plot * std::max(0.0, v) / top; };
    std::string narrow =
        svg_open(chart.id + "-narrow", chart.title, chart.description, kNarrow, kNarrowHeight, "narrow");
    narrow += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" class=\"trellis-chart__axis\"/>",
                          kNarrowLeft, kNarrowHeight - kNarrowBottom, kNarrow);
    for (int tick = 0; tick <= 2; ++tick)
        narrow +=
            fmt::format("<text x=\"{}\" y=\"{:.1f}\" class=\"trellis-chart__label\" text-anchor=\"end\">{}</text>",
                        kNarrowLeft - 4, ny(top * tick / 2) + 4, format_number(top * tick / 2));
    auto narrow_reference = [&](double v, const char* css) {
        narrow +=
            fmt::format("<line x1=\"{0}\" y1=\"{1:.1f}\" x2=\"{2}\" y2=\"{1:.1f}\" class=\"trellis-chart__{3}\"/>",
                        kNarrowLeft, ny(v), kNarrow, css);
    };
    if (chart.baseline) narrow_reference(*chart.baseline, "baseline");
    if (chart.target) narrow_reference(*chart.target, "target");
    std::string narrow_points;
    for (std::size_t i = 0; i < n; ++i) narrow_points += fmt::format("{:.1f},{:.1f} ", nx(i), ny(chart.values[i]));
    if (n > 1) narrow += fmt::format("<polyline points=\"{}\" class=\"trellis-chart__trace\"/>", narrow_points);
    for (std::size_t i = 0; i < n; ++i) {
        narrow += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4\" class=\"trellis-chart__s0\"/>", nx(i),
                              ny(chart.values[i]));
        if ((i == 0 || i + 1 == n) && i < chart.labels.size())
            narrow +=
                fmt::format("<text x=\"{:.1f}\" y=\"{}\" class=\"trellis-chart__label\" text-anchor=\"{}\">{}</text>",
                            nx(i), kNarrowHeight - 8,
                            n == 1   ? "middle"
                            : i == 0 ? "start"
                                     : "end",
                            escape(chart.labels[i]));
    }
    return "<figure class=\"trellis-figure\">" + svg + "</svg>" + narrow + "</svg>" + legend(keys) + "</figure>";
}

std::string network(const Network& chart)
{
    constexpr int kSize = 480, kRadius = 160, kNode = 7;
    constexpr double kCentre = kSize / 2.0;
    constexpr double kPi = 3.14159265358979323846;
    auto n = chart.people.size();
    std::vector<std::pair<double, double>> at;
    for (std::size_t i = 0; i < n; ++i) {
        double angle = -kPi / 2 + 2 * kPi * static_cast<double>(i) / static_cast<double>(std::max<std::size_t>(n, 1));
        at.emplace_back(kCentre + kRadius * std::cos(angle), kCentre + kRadius * std::sin(angle));
    }
    std::string svg = svg_open(chart.id, chart.title, chart.description, kSize, kSize, "network");
    for (const auto& l : chart.links) {
        if (l.a >= n || l.b >= n) continue;
        svg += fmt::format(
            "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" class=\"trellis-chart__link "
            "trellis-chart__link--{}\"/>",
            at[l.a].first, at[l.a].second, at[l.b].first, at[l.b].second, escape(l.css));
    }
    for (std::size_t i = 0; i < n; ++i) {
        auto [x, y] = at[i];
        // Labels sit outside the circle, anchored away from its centre.
        double lx = kCentre + (kRadius + 16) * (x - kCentre) / kRadius;
        double ly = kCentre + (kRadius + 16) * (y - kCentre) / kRadius + 4;
        const char* anchor = std::abs(x - kCentre) < 1 ? "middle" : (x > kCentre ? "start" : "end");
        svg += fmt::format(
            "<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"{}\" class=\"trellis-chart__node\"/>"
            "<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"trellis-chart__label\" text-anchor=\"{}\">{}</text>",
            x, y, kNode, lx, ly, anchor, escape(chart.people[i]));
    }
    return svg + "</svg>";
}

}  // namespace trellis::web::charts
