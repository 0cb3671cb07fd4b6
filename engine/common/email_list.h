// The email cell of a funders sheet, as coordinators type it: one address, several separated by
// ";" or "," (or on separate lines in the cell), each either "bursar@school.org" or
// "The Bursar <bursar@school.org>". One reading shared by `impact check` (which warns about a
// cell it cannot use) and `impact send` (which emails every address in it).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace impact {

struct Mailbox {
    std::string name;    ///< the display name typed before "<...>", or ""
    std::string address; ///< "bursar@school.org"
};

struct EmailList {
    std::vector<Mailbox> mailboxes;
    std::string problem; ///< why the cell cannot be used ("" if it can); mailboxes is then empty
    bool blank = false;  ///< the cell holds no address at all (only spaces or separators)

    bool ok() const { return problem.empty(); }
    /// The addresses alone, "a@x.org, b@y.org": what the send log records and matches on.
    std::string addresses() const;
};

/// Reads an email cell. An empty cell is a problem ("no email address"); so is any part that is
/// not a plausible address ("'Head of finance' is not an email address"), so that nobody on the
/// list is silently left out. A "mailto:" before an address is dropped.
EmailList parseEmailList(std::string_view text);

/// A plausible address: one "@", something before it, a domain with a dot after it, and no
/// spaces, quotes, brackets or separators.
bool isPlausibleAddress(std::string_view address);

} // namespace impact
