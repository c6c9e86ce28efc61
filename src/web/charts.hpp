// Charts drawn on the server as SVG: no client-side library, nothing to load,
// printable. Every chart is meant to sit beside a data table with the same
// figures, which is what screen-reader users read; the SVG carries a title and
// a description that say so.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace trellis::web::charts {

struct Series {
    std::string name;
    std::string css;  // colour: "s0".."s3", "enforcement", "welfare"
    std::vector<double> values;
};

struct Bars {
    std::string id;  // unique on the page, for aria-labelledby
    std::string title;
    std::string description;
    std::vector<std::string> categories;
    std::vector<Series> series;  // one bar per series in each category
};

// The figure: the SVG and a legend naming each series. Labels are escaped.
std::string bars(const Bars& chart);
// The same on a fixed scale from 0 to `top` (a rating scale), not one
// rounded up from the largest value.
std::string bars(const Bars& chart, double top);

struct Line {
    std::string id;
    std::string title;
    std::string description;
    std::vector<std::string> labels;  // x axis, one per point (dates)
    std::vector<double> values;
    std::optional<double> baseline;
    std::optional<double> target;
};

std::string line(const Line& chart);

// Who is linked to whom, drawn with the people on a circle (in the order
// given) and each link as a line styled by its css class ("confirmed",
// "likely", "unverified"). Shown at every width; the table beside it is what
// screen-reader users read.
struct Network {
    std::string id;
    std::string title;
    std::string description;
    std::vector<std::string> people;
    struct Link {
        std::size_t a = 0, b = 0;  // indexes into people
        std::string css;
    };
    std::vector<Link> links;
};

std::string network(const Network& chart);

}  // namespace trellis::web::charts
