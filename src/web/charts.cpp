#include "web/charts.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <kainjow/mustache.hpp>

#include "domain/indicator.hpp"

namespace trellis::web::charts {
namespace {

constexpr int kWidth = 720, kHeight = 280, kLeft = 48, kBottom = 44, kTop = 16;

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

std::string svg_open(const std::string& id, const std::string& title, const std::string& description)
{
    return fmt::format(
        "<svg class=\"trellis-chart\" viewBox=\"0 0 {0} {1}\" role=\"img\" aria-labelledby=\"{2}-title {2}-desc\" "
        "xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{2}-title\">{3}</title><desc id=\"{2}-desc\">{4}</desc>",
        kWidth, kHeight, escape(id), escape(title), escape(description));
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

// Category labels shortened to fit under their slot.
std::string short_label(const std::string& s, double slot)
{
    std::size_t fits = std::max<std::size_t>(3, static_cast<std::size_t>(slot / 6.5));
    if (s.size() <= fits) return s;
    std::size_t cut = fits - 1;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // whole UTF-8 characters
    return s.substr(0, cut) + "…";
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
    top = nice_top(top);
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
            svg += fmt::format(
                "<text x=\"{:.1f}\" y=\"{}\" class=\"trellis-chart__label\" text-anchor=\"middle\">{}</text>",
                x + bar * double(k) / 2, kHeight - kBottom + 18,
                escape(short_label(chart.categories[i], group * double(every))));
    }
    std::vector<std::pair<std::string, std::string>> keys;
    for (const auto& s : chart.series) keys.emplace_back(s.name, s.css);
    return "<figure class=\"trellis-figure\">" + svg + "</svg>" + legend(keys) + "</figure>";
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
            svg += fmt::format(
                "<text x=\"{:.1f}\" y=\"{}\" class=\"trellis-chart__label\" text-anchor=\"middle\">{}</text>", x_of(i),
                kHeight - kBottom + 18, escape(chart.labels[i]));
    }
    return "<figure class=\"trellis-figure\">" + svg + "</svg>" + legend(keys) + "</figure>";
}

}  // namespace trellis::web::charts
