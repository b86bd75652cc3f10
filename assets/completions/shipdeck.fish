# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_shipdeck_global_optspecs
    string join \n data-dir= config= socket= lang= h/help V/version
end

function __fish_shipdeck_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_shipdeck_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_shipdeck_using_subcommand
    set -l cmd (__fish_shipdeck_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c shipdeck -n "__fish_shipdeck_needs_command" -l data-dir -d 'The database directory (default: the XDG data dir, e.g. ~/.local/share/shipdeck/db)' -r -F
complete -c shipdeck -n "__fish_shipdeck_needs_command" -l config -d 'The config file (default: the XDG config dir, e.g. ~/.config/shipdeck/config.toml)' -r -F
complete -c shipdeck -n "__fish_shipdeck_needs_command" -l socket -d 'The engine\'s socket (default: `[engine] socket`, else $XDG_RUNTIME_DIR/shipdeck/engine.sock)' -r -F
complete -c shipdeck -n "__fish_shipdeck_needs_command" -l lang -d 'The language of the dashboard and of human output: en, ko or ja (default: `[ui] language` in the config, else LC_ALL / LC_MESSAGES / LANG). `--json` output is always the same' -r -f -a "en\t'English (the default)'
ko\t'Korean'
ja\t'Japanese'"
complete -c shipdeck -n "__fish_shipdeck_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipdeck -n "__fish_shipdeck_needs_command" -s V -l version -d 'Print version'
complete -c shipdeck -n "__fish_shipdeck_needs_command" -f -a "demo" -d 'Simulator + temporary database + demo shops + the dashboard: what a newcomer runs first'
complete -c shipdeck -n "__fish_shipdeck_needs_command" -f -a "bench" -d 'Benchmarks (`bench tui`)'
complete -c shipdeck -n "__fish_shipdeck_needs_command" -f -a "shops" -d 'Connect, list and remove seller accounts'
complete -c shipdeck -n "__fish_shipdeck_needs_command" -f -a "sim" -d 'Run the marketplace simulator (all five sites) on a loopback address'
complete -c shipdeck -n "__fish_shipdeck_needs_command" -f -a "sync" -d 'Pull orders and send pushes: one cycle with --once, or continuously'
complete -c shipdeck -n "__fish_shipdeck_needs_command" -f -a "serve" -d 'Run the engine as a service: it owns the database and the site traffic, and dashboards and commands attach to it over its socket'
complete -c shipdeck -n "__fish_shipdeck_needs_command" -f -a "audit" -d 'Read the audit trail: who changed what, when, and how it ended'
complete -c shipdeck -n "__fish_shipdeck_needs_command" -f -a "orders" -d 'List orders; confirm them on their sites'
complete -c shipdeck -n "__fish_shipdeck_needs_command" -f -a "pushes" -d 'List pushes (confirmations, tracking, stock); retry failed ones'
complete -c shipdeck -n "__fish_shipdeck_needs_command" -f -a "tracking" -d 'Import tracking numbers of parcels received at the warehouse'
complete -c shipdeck -n "__fish_shipdeck_needs_command" -f -a "waybill" -d 'Print shipdeck waybills (QSP numbers) and push them'
complete -c shipdeck -n "__fish_shipdeck_needs_command" -f -a "sku" -d 'Import and export the SKU catalogue and its mappings (.xlsx or .csv)'
complete -c shipdeck -n "__fish_shipdeck_needs_command" -f -a "doctor" -d 'Check the setup: config, database, logs, clock, keys, each shop\'s connection, pushes, mismatches; a fix for each failure (exit status 1 when any check fails)'
complete -c shipdeck -n "__fish_shipdeck_needs_command" -f -a "completions" -d 'Print the completion script of a shell (bash, zsh, fish)'
complete -c shipdeck -n "__fish_shipdeck_needs_command" -f -a "man" -d 'Write the man pages into DIR (or the main page to stdout)'
complete -c shipdeck -n "__fish_shipdeck_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand demo" -l seed -d 'Seed of the simulated world' -r
complete -c shipdeck -n "__fish_shipdeck_using_subcommand demo" -l screenshot -d 'Instead of opening the dashboard: run the demo once (a pull, the pushes it queues) and write the Orders pane as an SVG image to FILE (the README\'s assets/screenshot.svg)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand demo" -l data-dir -d 'The database directory (default: the XDG data dir, e.g. ~/.local/share/shipdeck/db)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand demo" -l config -d 'The config file (default: the XDG config dir, e.g. ~/.config/shipdeck/config.toml)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand demo" -l socket -d 'The engine\'s socket (default: `[engine] socket`, else $XDG_RUNTIME_DIR/shipdeck/engine.sock)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand demo" -l lang -d 'The language of the dashboard and of human output: en, ko or ja (default: `[ui] language` in the config, else LC_ALL / LC_MESSAGES / LANG). `--json` output is always the same' -r -f -a "en\t'English (the default)'
ko\t'Korean'
ja\t'Japanese'"
complete -c shipdeck -n "__fish_shipdeck_using_subcommand demo" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand demo" -s V -l version -d 'Print version'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand bench; and not __fish_seen_subcommand_from tui pty link help" -l data-dir -d 'The database directory (default: the XDG data dir, e.g. ~/.local/share/shipdeck/db)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand bench; and not __fish_seen_subcommand_from tui pty link help" -l config -d 'The config file (default: the XDG config dir, e.g. ~/.config/shipdeck/config.toml)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand bench; and not __fish_seen_subcommand_from tui pty link help" -l socket -d 'The engine\'s socket (default: `[engine] socket`, else $XDG_RUNTIME_DIR/shipdeck/engine.sock)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand bench; and not __fish_seen_subcommand_from tui pty link help" -l lang -d 'The language of the dashboard and of human output: en, ko or ja (default: `[ui] language` in the config, else LC_ALL / LC_MESSAGES / LANG). `--json` output is always the same' -r -f -a "en\t'English (the default)'
ko\t'Korean'
ja\t'Japanese'"
complete -c shipdeck -n "__fish_shipdeck_using_subcommand bench; and not __fish_seen_subcommand_from tui pty link help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand bench; and not __fish_seen_subcommand_from tui pty link help" -s V -l version -d 'Print version'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand bench; and not __fish_seen_subcommand_from tui pty link help" -f -a "tui" -d 'The dashboard over a large store'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand bench; and not __fish_seen_subcommand_from tui pty link help" -f -a "pty" -d 'Key to screen: the real dashboard in a pseudo-terminal, beside `less`'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand bench; and not __fish_seen_subcommand_from tui pty link help" -f -a "link" -d 'A dashboard attached over the socket vs one on its own engine; the engine idle with clients'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand bench; and not __fish_seen_subcommand_from tui pty link help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand bench; and __fish_seen_subcommand_from tui" -l orders -d 'Orders generated into the temporary store' -r
complete -c shipdeck -n "__fish_shipdeck_using_subcommand bench; and __fish_seen_subcommand_from tui" -l batch -d 'Orders per `Store::apply` batch' -r
complete -c shipdeck -n "__fish_shipdeck_using_subcommand bench; and __fish_seen_subcommand_from tui" -l idle-secs -d 'Seconds of idle measured' -r
complete -c shipdeck -n "__fish_shipdeck_using_subcommand bench; and __fish_seen_subcommand_from tui" -l use-dir -d 'Measure over this existing store instead of generating one (used by the bench itself: the store is generated, closed, and measured in a fresh process so RSS is the dashboard\'s)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand bench; and __fish_seen_subcommand_from tui" -l frames -d 'Frames rendered for the per-frame figure' -r
complete -c shipdeck -n "__fish_shipdeck_using_subcommand bench; and __fish_seen_subcommand_from tui" -l data-dir -d 'The database directory (default: the XDG data dir, e.g. ~/.local/share/shipdeck/db)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand bench; and __fish_seen_subcommand_from tui" -l config -d 'The config file (default: the XDG config dir, e.g. ~/.config/shipdeck/config.toml)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand bench; and __fish_seen_subcommand_from tui" -l socket -d 'The engine\'s socket (default: `[engine] socket`, else $XDG_RUNTIME_DIR/shipdeck/engine.sock)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand bench; and __fish_seen_subcommand_from tui" -l lang -d 'The language of the dashboard and of human output: en, ko or ja (default: `[ui] language` in the config, else LC_ALL / LC_MESSAGES / LANG). `--json` output is always the same' -r -f -a "en\t'English (the default)'
ko\t'Korean'
ja\t'Japanese'"
complete -c shipdeck -n "__fish_shipdeck_using_subcommand bench; and __fish_seen_subcommand_from tui" -l first-only -d 'Measure only the open and the first frame (the cold run right after generation)'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand bench; and __fish_seen_subcommand_from tui" -l no-warm-search -d 'Skip reading the search index ahead (as the dashboard does at start) before the first search, to time a search on a cold cache'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand bench; and __fish_seen_subcommand_from tui" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand bench; and __fish_seen_subcommand_from tui" -s V -l version -d 'Print version'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand bench; and __fish_seen_subcommand_from pty" -l orders -d 'Orders generated into the store' -r
complete -c shipdeck -n "__fish_shipdeck_using_subcommand bench; and __fish_seen_subcommand_from pty" -l mismatches -d 'New orders with an unmapped line (open mismatches)' -r
complete -c shipdeck -n "__fish_shipdeck_using_subcommand bench; and __fish_seen_subcommand_from pty" -l rounds -d 'Rounds of the key sequence' -r
complete -c shipdeck -n "__fish_shipdeck_using_subcommand bench; and __fish_seen_subcommand_from pty" -l keep -d 'Keep the generated store here and reuse it on the next run (generated when missing)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand bench; and __fish_seen_subcommand_from pty" -l data-dir -d 'The database directory (default: the XDG data dir, e.g. ~/.local/share/shipdeck/db)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand bench; and __fish_seen_subcommand_from pty" -l config -d 'The config file (default: the XDG config dir, e.g. ~/.config/shipdeck/config.toml)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand bench; and __fish_seen_subcommand_from pty" -l socket -d 'The engine\'s socket (default: `[engine] socket`, else $XDG_RUNTIME_DIR/shipdeck/engine.sock)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand bench; and __fish_seen_subcommand_from pty" -l lang -d 'The language of the dashboard and of human output: en, ko or ja (default: `[ui] language` in the config, else LC_ALL / LC_MESSAGES / LANG). `--json` output is always the same' -r -f -a "en\t'English (the default)'
ko\t'Korean'
ja\t'Japanese'"
complete -c shipdeck -n "__fish_shipdeck_using_subcommand bench; and __fish_seen_subcommand_from pty" -l no-inproc -d 'Skip the in-process `bench tui` figures'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand bench; and __fish_seen_subcommand_from pty" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand bench; and __fish_seen_subcommand_from pty" -s V -l version -d 'Print version'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand bench; and __fish_seen_subcommand_from link" -l orders -d 'Orders generated into the temporary store' -r
complete -c shipdeck -n "__fish_shipdeck_using_subcommand bench; and __fish_seen_subcommand_from link" -l keys -d 'Keys pressed per dashboard' -r
complete -c shipdeck -n "__fish_shipdeck_using_subcommand bench; and __fish_seen_subcommand_from link" -l clients -d 'Clients attached during the idle measurement' -r
complete -c shipdeck -n "__fish_shipdeck_using_subcommand bench; and __fish_seen_subcommand_from link" -l idle-secs -d 'Seconds of idle measured' -r
complete -c shipdeck -n "__fish_shipdeck_using_subcommand bench; and __fish_seen_subcommand_from link" -l data-dir -d 'The database directory (default: the XDG data dir, e.g. ~/.local/share/shipdeck/db)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand bench; and __fish_seen_subcommand_from link" -l config -d 'The config file (default: the XDG config dir, e.g. ~/.config/shipdeck/config.toml)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand bench; and __fish_seen_subcommand_from link" -l socket -d 'The engine\'s socket (default: `[engine] socket`, else $XDG_RUNTIME_DIR/shipdeck/engine.sock)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand bench; and __fish_seen_subcommand_from link" -l lang -d 'The language of the dashboard and of human output: en, ko or ja (default: `[ui] language` in the config, else LC_ALL / LC_MESSAGES / LANG). `--json` output is always the same' -r -f -a "en\t'English (the default)'
ko\t'Korean'
ja\t'Japanese'"
complete -c shipdeck -n "__fish_shipdeck_using_subcommand bench; and __fish_seen_subcommand_from link" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand bench; and __fish_seen_subcommand_from link" -s V -l version -d 'Print version'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand bench; and __fish_seen_subcommand_from help" -f -a "tui" -d 'The dashboard over a large store'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand bench; and __fish_seen_subcommand_from help" -f -a "pty" -d 'Key to screen: the real dashboard in a pseudo-terminal, beside `less`'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand bench; and __fish_seen_subcommand_from help" -f -a "link" -d 'A dashboard attached over the socket vs one on its own engine; the engine idle with clients'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand bench; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and not __fish_seen_subcommand_from add list edit test remove help" -l data-dir -d 'The database directory (default: the XDG data dir, e.g. ~/.local/share/shipdeck/db)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and not __fish_seen_subcommand_from add list edit test remove help" -l config -d 'The config file (default: the XDG config dir, e.g. ~/.config/shipdeck/config.toml)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and not __fish_seen_subcommand_from add list edit test remove help" -l socket -d 'The engine\'s socket (default: `[engine] socket`, else $XDG_RUNTIME_DIR/shipdeck/engine.sock)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and not __fish_seen_subcommand_from add list edit test remove help" -l lang -d 'The language of the dashboard and of human output: en, ko or ja (default: `[ui] language` in the config, else LC_ALL / LC_MESSAGES / LANG). `--json` output is always the same' -r -f -a "en\t'English (the default)'
ko\t'Korean'
ja\t'Japanese'"
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and not __fish_seen_subcommand_from add list edit test remove help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and not __fish_seen_subcommand_from add list edit test remove help" -s V -l version -d 'Print version'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and not __fish_seen_subcommand_from add list edit test remove help" -f -a "add" -d 'Register a seller account on one site'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and not __fish_seen_subcommand_from add list edit test remove help" -f -a "list" -d 'List the registered shops (secrets masked)'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and not __fish_seen_subcommand_from add list edit test remove help" -f -a "edit" -d 'Change a shop: credential fields, options, API base, pull interval'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and not __fish_seen_subcommand_from add list edit test remove help" -f -a "test" -d 'Run the site\'s connection test and print the site\'s own answer'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and not __fish_seen_subcommand_from add list edit test remove help" -f -a "remove" -d 'Remove a shop. Its orders are kept'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and not __fish_seen_subcommand_from add list edit test remove help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from add" -l name -d 'The shop\'s name in shipdeck (the SHOP of SHOP/ORDER)' -r
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from add" -l site -d 'qoo10, gmarket, auction, lotteon, crossmall or grip' -r
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from add" -l shop-id -d 'The seller\'s id on the site' -r
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from add" -l api-base -d 'Send this shop\'s API calls to this base URL instead of the site\'s host' -r
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from add" -l set -d 'A credential field of the site, e.g. --set account_number=… (repeatable). For a secret, give `-` as the value (--set api_key=-): it is read from standard input, without echo on a terminal, and never appears on the command line' -r
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from add" -l secret-file -d 'A credential field read from a file (one trailing newline removed), e.g. --secret-file api_key=/run/keys/lotte (repeatable)' -r
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from add" -l option -d 'An option, e.g. --option order_confirmation=on (repeatable)' -r
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from add" -l data-dir -d 'The database directory (default: the XDG data dir, e.g. ~/.local/share/shipdeck/db)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from add" -l config -d 'The config file (default: the XDG config dir, e.g. ~/.config/shipdeck/config.toml)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from add" -l socket -d 'The engine\'s socket (default: `[engine] socket`, else $XDG_RUNTIME_DIR/shipdeck/engine.sock)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from add" -l lang -d 'The language of the dashboard and of human output: en, ko or ja (default: `[ui] language` in the config, else LC_ALL / LC_MESSAGES / LANG). `--json` output is always the same' -r -f -a "en\t'English (the default)'
ko\t'Korean'
ja\t'Japanese'"
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from add" -l json -d 'Print the new shop as JSON'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from list" -l data-dir -d 'The database directory (default: the XDG data dir, e.g. ~/.local/share/shipdeck/db)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from list" -l config -d 'The config file (default: the XDG config dir, e.g. ~/.config/shipdeck/config.toml)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from list" -l socket -d 'The engine\'s socket (default: `[engine] socket`, else $XDG_RUNTIME_DIR/shipdeck/engine.sock)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from list" -l lang -d 'The language of the dashboard and of human output: en, ko or ja (default: `[ui] language` in the config, else LC_ALL / LC_MESSAGES / LANG). `--json` output is always the same' -r -f -a "en\t'English (the default)'
ko\t'Korean'
ja\t'Japanese'"
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from list" -l json -d 'One JSON document on stdout'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from edit" -l set -d 'A credential field of the site, e.g. --set account_number=… (repeatable). For a secret, give `-` as the value (--set api_key=-): it is read from standard input, without echo on a terminal, and never appears on the command line' -r
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from edit" -l secret-file -d 'A credential field read from a file (one trailing newline removed), e.g. --secret-file api_key=/run/keys/lotte (repeatable)' -r
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from edit" -l option -d 'An option, e.g. --option stock_sync=on (repeatable)' -r
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from edit" -l api-base -d 'Send this shop\'s API calls to this base URL ("" to use the site\'s own host again)' -r
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from edit" -l interval -d 'Minutes between scheduled pulls' -r
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from edit" -l data-dir -d 'The database directory (default: the XDG data dir, e.g. ~/.local/share/shipdeck/db)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from edit" -l config -d 'The config file (default: the XDG config dir, e.g. ~/.config/shipdeck/config.toml)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from edit" -l socket -d 'The engine\'s socket (default: `[engine] socket`, else $XDG_RUNTIME_DIR/shipdeck/engine.sock)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from edit" -l lang -d 'The language of the dashboard and of human output: en, ko or ja (default: `[ui] language` in the config, else LC_ALL / LC_MESSAGES / LANG). `--json` output is always the same' -r -f -a "en\t'English (the default)'
ko\t'Korean'
ja\t'Japanese'"
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from edit" -l json -d 'Print the shop as JSON'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from edit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from edit" -s V -l version -d 'Print version'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from test" -l data-dir -d 'The database directory (default: the XDG data dir, e.g. ~/.local/share/shipdeck/db)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from test" -l config -d 'The config file (default: the XDG config dir, e.g. ~/.config/shipdeck/config.toml)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from test" -l socket -d 'The engine\'s socket (default: `[engine] socket`, else $XDG_RUNTIME_DIR/shipdeck/engine.sock)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from test" -l lang -d 'The language of the dashboard and of human output: en, ko or ja (default: `[ui] language` in the config, else LC_ALL / LC_MESSAGES / LANG). `--json` output is always the same' -r -f -a "en\t'English (the default)'
ko\t'Korean'
ja\t'Japanese'"
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from test" -l json -d 'One JSON document on stdout'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from test" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from test" -s V -l version -d 'Print version'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from remove" -l data-dir -d 'The database directory (default: the XDG data dir, e.g. ~/.local/share/shipdeck/db)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from remove" -l config -d 'The config file (default: the XDG config dir, e.g. ~/.config/shipdeck/config.toml)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from remove" -l socket -d 'The engine\'s socket (default: `[engine] socket`, else $XDG_RUNTIME_DIR/shipdeck/engine.sock)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from remove" -l lang -d 'The language of the dashboard and of human output: en, ko or ja (default: `[ui] language` in the config, else LC_ALL / LC_MESSAGES / LANG). `--json` output is always the same' -r -f -a "en\t'English (the default)'
ko\t'Korean'
ja\t'Japanese'"
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from help" -f -a "add" -d 'Register a seller account on one site'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the registered shops (secrets masked)'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from help" -f -a "edit" -d 'Change a shop: credential fields, options, API base, pull interval'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from help" -f -a "test" -d 'Run the site\'s connection test and print the site\'s own answer'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove a shop. Its orders are kept'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand shops; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sim" -l listen -d 'Address to listen on (loopback; port 0 picks a free one)' -r
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sim" -l seed -d 'Seed of the generated world and of every fault' -r
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sim" -l orders -d 'Carts generated per shop at start, over the last three days' -r
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sim" -l faults -d 'Fault profile: none, flaky or hostile' -r -f -a "none\t'No faults'
flaky\t'Every transient fault at a modest rate'
hostile\t'Every fault, malformed answers included, at high rates'
hostile-content\t'A hostile site\'s content: escape sequences in names and error bodies, invalid order numbers, duplicate rows, now and then an oversized answer or a redirect'"
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sim" -l stall-ms -d 'How long a stall fault holds an answer back, in milliseconds' -r
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sim" -l esm-order-interval-ms -d 'ESM\'s order-call quota per seller, in milliseconds (5000 on the real site)' -r
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sim" -l trickle-secs -d 'Add a new cart to a random shop every this many seconds' -r
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sim" -l clock-skew-secs -d 'Run the simulated sites\' clock this many seconds ahead (negative: behind) of this machine\'s: their `Date` headers, Grip\'s timestamp check and ESM\'s `iat` check follow it' -r
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sim" -l data-dir -d 'The database directory (default: the XDG data dir, e.g. ~/.local/share/shipdeck/db)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sim" -l config -d 'The config file (default: the XDG config dir, e.g. ~/.config/shipdeck/config.toml)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sim" -l socket -d 'The engine\'s socket (default: `[engine] socket`, else $XDG_RUNTIME_DIR/shipdeck/engine.sock)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sim" -l lang -d 'The language of the dashboard and of human output: en, ko or ja (default: `[ui] language` in the config, else LC_ALL / LC_MESSAGES / LANG). `--json` output is always the same' -r -f -a "en\t'English (the default)'
ko\t'Korean'
ja\t'Japanese'"
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sim" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sim" -s V -l version -d 'Print version'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sync" -l shop -d 'Only this shop' -r
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sync" -l from -d 'Manual pull by order date: first day (YYYY-MM-DD, in the site\'s zone)' -r
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sync" -l to -d 'Manual pull by order date: last day, included' -r
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sync" -l wait -d 'Seconds to wait for retries of the pushes' -r
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sync" -l data-dir -d 'The database directory (default: the XDG data dir, e.g. ~/.local/share/shipdeck/db)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sync" -l config -d 'The config file (default: the XDG config dir, e.g. ~/.config/shipdeck/config.toml)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sync" -l socket -d 'The engine\'s socket (default: `[engine] socket`, else $XDG_RUNTIME_DIR/shipdeck/engine.sock)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sync" -l lang -d 'The language of the dashboard and of human output: en, ko or ja (default: `[ui] language` in the config, else LC_ALL / LC_MESSAGES / LANG). `--json` output is always the same' -r -f -a "en\t'English (the default)'
ko\t'Korean'
ja\t'Japanese'"
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sync" -l once -d 'One cycle and exit: pull, then send what the outbox holds'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sync" -l json -d 'One JSON document on stdout'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sync" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sync" -s V -l version -d 'Print version'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand serve" -l data-dir -d 'The database directory (default: the XDG data dir, e.g. ~/.local/share/shipdeck/db)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand serve" -l config -d 'The config file (default: the XDG config dir, e.g. ~/.config/shipdeck/config.toml)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand serve" -l socket -d 'The engine\'s socket (default: `[engine] socket`, else $XDG_RUNTIME_DIR/shipdeck/engine.sock)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand serve" -l lang -d 'The language of the dashboard and of human output: en, ko or ja (default: `[ui] language` in the config, else LC_ALL / LC_MESSAGES / LANG). `--json` output is always the same' -r -f -a "en\t'English (the default)'
ko\t'Korean'
ja\t'Japanese'"
complete -c shipdeck -n "__fish_shipdeck_using_subcommand serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand serve" -s V -l version -d 'Print version'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand audit" -l since -d 'Only entries since: a date (2026-12-01), an instant (2026-12-01T09:00:00Z) or an age (30m, 12h, 7d)' -r
complete -c shipdeck -n "__fish_shipdeck_using_subcommand audit" -l user -d 'Only entries of this user (name or uid)' -r
complete -c shipdeck -n "__fish_shipdeck_using_subcommand audit" -l limit -d 'At most this many (the newest)' -r
complete -c shipdeck -n "__fish_shipdeck_using_subcommand audit" -l data-dir -d 'The database directory (default: the XDG data dir, e.g. ~/.local/share/shipdeck/db)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand audit" -l config -d 'The config file (default: the XDG config dir, e.g. ~/.config/shipdeck/config.toml)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand audit" -l socket -d 'The engine\'s socket (default: `[engine] socket`, else $XDG_RUNTIME_DIR/shipdeck/engine.sock)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand audit" -l lang -d 'The language of the dashboard and of human output: en, ko or ja (default: `[ui] language` in the config, else LC_ALL / LC_MESSAGES / LANG). `--json` output is always the same' -r -f -a "en\t'English (the default)'
ko\t'Korean'
ja\t'Japanese'"
complete -c shipdeck -n "__fish_shipdeck_using_subcommand audit" -l json -d 'One JSON document on stdout'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand audit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand audit" -s V -l version -d 'Print version'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand orders; and not __fish_seen_subcommand_from list confirm accept-shipment help" -l data-dir -d 'The database directory (default: the XDG data dir, e.g. ~/.local/share/shipdeck/db)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand orders; and not __fish_seen_subcommand_from list confirm accept-shipment help" -l config -d 'The config file (default: the XDG config dir, e.g. ~/.config/shipdeck/config.toml)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand orders; and not __fish_seen_subcommand_from list confirm accept-shipment help" -l socket -d 'The engine\'s socket (default: `[engine] socket`, else $XDG_RUNTIME_DIR/shipdeck/engine.sock)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand orders; and not __fish_seen_subcommand_from list confirm accept-shipment help" -l lang -d 'The language of the dashboard and of human output: en, ko or ja (default: `[ui] language` in the config, else LC_ALL / LC_MESSAGES / LANG). `--json` output is always the same' -r -f -a "en\t'English (the default)'
ko\t'Korean'
ja\t'Japanese'"
complete -c shipdeck -n "__fish_shipdeck_using_subcommand orders; and not __fish_seen_subcommand_from list confirm accept-shipment help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand orders; and not __fish_seen_subcommand_from list confirm accept-shipment help" -s V -l version -d 'Print version'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand orders; and not __fish_seen_subcommand_from list confirm accept-shipment help" -f -a "list" -d 'Orders newest first, by status and shop'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand orders; and not __fish_seen_subcommand_from list confirm accept-shipment help" -f -a "confirm" -d 'Confirm orders on their sites (SHOP/ORDER…), then send the confirmations'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand orders; and not __fish_seen_subcommand_from list confirm accept-shipment help" -f -a "accept-shipment" -d 'Take the shipment someone else made on the site (an order held for "other tracking on the site") as the order\'s own: it is shipped with the site\'s number; ours is not sent'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand orders; and not __fish_seen_subcommand_from list confirm accept-shipment help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand orders; and __fish_seen_subcommand_from list" -l status -d 'collected, confirmed, instructed, received, shipped, delivered, held or cancelled' -r
complete -c shipdeck -n "__fish_shipdeck_using_subcommand orders; and __fish_seen_subcommand_from list" -l shop -d 'One shop' -r
complete -c shipdeck -n "__fish_shipdeck_using_subcommand orders; and __fish_seen_subcommand_from list" -l limit -d 'At most this many' -r
complete -c shipdeck -n "__fish_shipdeck_using_subcommand orders; and __fish_seen_subcommand_from list" -l sort -d 'newest (default), oldest, shop (A→Z, newest first within) or site (then shop)' -r -f -a "newest\t'Newest first'
oldest\t'Oldest first'
shop\t'By shop name'
site\t'By site, then shop name'"
complete -c shipdeck -n "__fish_shipdeck_using_subcommand orders; and __fish_seen_subcommand_from list" -l data-dir -d 'The database directory (default: the XDG data dir, e.g. ~/.local/share/shipdeck/db)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand orders; and __fish_seen_subcommand_from list" -l config -d 'The config file (default: the XDG config dir, e.g. ~/.config/shipdeck/config.toml)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand orders; and __fish_seen_subcommand_from list" -l socket -d 'The engine\'s socket (default: `[engine] socket`, else $XDG_RUNTIME_DIR/shipdeck/engine.sock)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand orders; and __fish_seen_subcommand_from list" -l lang -d 'The language of the dashboard and of human output: en, ko or ja (default: `[ui] language` in the config, else LC_ALL / LC_MESSAGES / LANG). `--json` output is always the same' -r -f -a "en\t'English (the default)'
ko\t'Korean'
ja\t'Japanese'"
complete -c shipdeck -n "__fish_shipdeck_using_subcommand orders; and __fish_seen_subcommand_from list" -l json -d 'One JSON document on stdout'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand orders; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand orders; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand orders; and __fish_seen_subcommand_from confirm" -l wait -d 'Seconds to wait for the sites\' answers' -r
complete -c shipdeck -n "__fish_shipdeck_using_subcommand orders; and __fish_seen_subcommand_from confirm" -l data-dir -d 'The database directory (default: the XDG data dir, e.g. ~/.local/share/shipdeck/db)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand orders; and __fish_seen_subcommand_from confirm" -l config -d 'The config file (default: the XDG config dir, e.g. ~/.config/shipdeck/config.toml)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand orders; and __fish_seen_subcommand_from confirm" -l socket -d 'The engine\'s socket (default: `[engine] socket`, else $XDG_RUNTIME_DIR/shipdeck/engine.sock)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand orders; and __fish_seen_subcommand_from confirm" -l lang -d 'The language of the dashboard and of human output: en, ko or ja (default: `[ui] language` in the config, else LC_ALL / LC_MESSAGES / LANG). `--json` output is always the same' -r -f -a "en\t'English (the default)'
ko\t'Korean'
ja\t'Japanese'"
complete -c shipdeck -n "__fish_shipdeck_using_subcommand orders; and __fish_seen_subcommand_from confirm" -l json -d 'One JSON document on stdout'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand orders; and __fish_seen_subcommand_from confirm" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand orders; and __fish_seen_subcommand_from confirm" -s V -l version -d 'Print version'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand orders; and __fish_seen_subcommand_from accept-shipment" -l data-dir -d 'The database directory (default: the XDG data dir, e.g. ~/.local/share/shipdeck/db)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand orders; and __fish_seen_subcommand_from accept-shipment" -l config -d 'The config file (default: the XDG config dir, e.g. ~/.config/shipdeck/config.toml)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand orders; and __fish_seen_subcommand_from accept-shipment" -l socket -d 'The engine\'s socket (default: `[engine] socket`, else $XDG_RUNTIME_DIR/shipdeck/engine.sock)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand orders; and __fish_seen_subcommand_from accept-shipment" -l lang -d 'The language of the dashboard and of human output: en, ko or ja (default: `[ui] language` in the config, else LC_ALL / LC_MESSAGES / LANG). `--json` output is always the same' -r -f -a "en\t'English (the default)'
ko\t'Korean'
ja\t'Japanese'"
complete -c shipdeck -n "__fish_shipdeck_using_subcommand orders; and __fish_seen_subcommand_from accept-shipment" -l json -d 'One JSON document on stdout'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand orders; and __fish_seen_subcommand_from accept-shipment" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand orders; and __fish_seen_subcommand_from accept-shipment" -s V -l version -d 'Print version'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand orders; and __fish_seen_subcommand_from help" -f -a "list" -d 'Orders newest first, by status and shop'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand orders; and __fish_seen_subcommand_from help" -f -a "confirm" -d 'Confirm orders on their sites (SHOP/ORDER…), then send the confirmations'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand orders; and __fish_seen_subcommand_from help" -f -a "accept-shipment" -d 'Take the shipment someone else made on the site (an order held for "other tracking on the site") as the order\'s own: it is shipped with the site\'s number; ours is not sent'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand orders; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand pushes; and not __fish_seen_subcommand_from list retry help" -l data-dir -d 'The database directory (default: the XDG data dir, e.g. ~/.local/share/shipdeck/db)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand pushes; and not __fish_seen_subcommand_from list retry help" -l config -d 'The config file (default: the XDG config dir, e.g. ~/.config/shipdeck/config.toml)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand pushes; and not __fish_seen_subcommand_from list retry help" -l socket -d 'The engine\'s socket (default: `[engine] socket`, else $XDG_RUNTIME_DIR/shipdeck/engine.sock)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand pushes; and not __fish_seen_subcommand_from list retry help" -l lang -d 'The language of the dashboard and of human output: en, ko or ja (default: `[ui] language` in the config, else LC_ALL / LC_MESSAGES / LANG). `--json` output is always the same' -r -f -a "en\t'English (the default)'
ko\t'Korean'
ja\t'Japanese'"
complete -c shipdeck -n "__fish_shipdeck_using_subcommand pushes; and not __fish_seen_subcommand_from list retry help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand pushes; and not __fish_seen_subcommand_from list retry help" -s V -l version -d 'Print version'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand pushes; and not __fish_seen_subcommand_from list retry help" -f -a "list" -d 'Pushes newest first'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand pushes; and not __fish_seen_subcommand_from list retry help" -f -a "retry" -d 'Send failed pushes again'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand pushes; and not __fish_seen_subcommand_from list retry help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand pushes; and __fish_seen_subcommand_from list" -l state -d 'pending, done, failed or dropped' -r
complete -c shipdeck -n "__fish_shipdeck_using_subcommand pushes; and __fish_seen_subcommand_from list" -l limit -d 'At most this many' -r
complete -c shipdeck -n "__fish_shipdeck_using_subcommand pushes; and __fish_seen_subcommand_from list" -l data-dir -d 'The database directory (default: the XDG data dir, e.g. ~/.local/share/shipdeck/db)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand pushes; and __fish_seen_subcommand_from list" -l config -d 'The config file (default: the XDG config dir, e.g. ~/.config/shipdeck/config.toml)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand pushes; and __fish_seen_subcommand_from list" -l socket -d 'The engine\'s socket (default: `[engine] socket`, else $XDG_RUNTIME_DIR/shipdeck/engine.sock)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand pushes; and __fish_seen_subcommand_from list" -l lang -d 'The language of the dashboard and of human output: en, ko or ja (default: `[ui] language` in the config, else LC_ALL / LC_MESSAGES / LANG). `--json` output is always the same' -r -f -a "en\t'English (the default)'
ko\t'Korean'
ja\t'Japanese'"
complete -c shipdeck -n "__fish_shipdeck_using_subcommand pushes; and __fish_seen_subcommand_from list" -l json -d 'One JSON document on stdout'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand pushes; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand pushes; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand pushes; and __fish_seen_subcommand_from retry" -l wait -d 'Seconds to wait for the sites\' answers' -r
complete -c shipdeck -n "__fish_shipdeck_using_subcommand pushes; and __fish_seen_subcommand_from retry" -l data-dir -d 'The database directory (default: the XDG data dir, e.g. ~/.local/share/shipdeck/db)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand pushes; and __fish_seen_subcommand_from retry" -l config -d 'The config file (default: the XDG config dir, e.g. ~/.config/shipdeck/config.toml)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand pushes; and __fish_seen_subcommand_from retry" -l socket -d 'The engine\'s socket (default: `[engine] socket`, else $XDG_RUNTIME_DIR/shipdeck/engine.sock)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand pushes; and __fish_seen_subcommand_from retry" -l lang -d 'The language of the dashboard and of human output: en, ko or ja (default: `[ui] language` in the config, else LC_ALL / LC_MESSAGES / LANG). `--json` output is always the same' -r -f -a "en\t'English (the default)'
ko\t'Korean'
ja\t'Japanese'"
complete -c shipdeck -n "__fish_shipdeck_using_subcommand pushes; and __fish_seen_subcommand_from retry" -l json -d 'One JSON document on stdout'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand pushes; and __fish_seen_subcommand_from retry" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand pushes; and __fish_seen_subcommand_from retry" -s V -l version -d 'Print version'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand pushes; and __fish_seen_subcommand_from help" -f -a "list" -d 'Pushes newest first'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand pushes; and __fish_seen_subcommand_from help" -f -a "retry" -d 'Send failed pushes again'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand pushes; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand tracking; and not __fish_seen_subcommand_from import help" -l data-dir -d 'The database directory (default: the XDG data dir, e.g. ~/.local/share/shipdeck/db)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand tracking; and not __fish_seen_subcommand_from import help" -l config -d 'The config file (default: the XDG config dir, e.g. ~/.config/shipdeck/config.toml)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand tracking; and not __fish_seen_subcommand_from import help" -l socket -d 'The engine\'s socket (default: `[engine] socket`, else $XDG_RUNTIME_DIR/shipdeck/engine.sock)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand tracking; and not __fish_seen_subcommand_from import help" -l lang -d 'The language of the dashboard and of human output: en, ko or ja (default: `[ui] language` in the config, else LC_ALL / LC_MESSAGES / LANG). `--json` output is always the same' -r -f -a "en\t'English (the default)'
ko\t'Korean'
ja\t'Japanese'"
complete -c shipdeck -n "__fish_shipdeck_using_subcommand tracking; and not __fish_seen_subcommand_from import help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand tracking; and not __fish_seen_subcommand_from import help" -s V -l version -d 'Print version'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand tracking; and not __fish_seen_subcommand_from import help" -f -a "import" -d 'Record carrier-labelled parcels received at the warehouse (CSV: order key, carrier, tracking number) and push them to the sites'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand tracking; and not __fish_seen_subcommand_from import help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand tracking; and __fish_seen_subcommand_from import" -l wait -d 'Seconds to wait for the sites\' answers' -r
complete -c shipdeck -n "__fish_shipdeck_using_subcommand tracking; and __fish_seen_subcommand_from import" -l data-dir -d 'The database directory (default: the XDG data dir, e.g. ~/.local/share/shipdeck/db)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand tracking; and __fish_seen_subcommand_from import" -l config -d 'The config file (default: the XDG config dir, e.g. ~/.config/shipdeck/config.toml)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand tracking; and __fish_seen_subcommand_from import" -l socket -d 'The engine\'s socket (default: `[engine] socket`, else $XDG_RUNTIME_DIR/shipdeck/engine.sock)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand tracking; and __fish_seen_subcommand_from import" -l lang -d 'The language of the dashboard and of human output: en, ko or ja (default: `[ui] language` in the config, else LC_ALL / LC_MESSAGES / LANG). `--json` output is always the same' -r -f -a "en\t'English (the default)'
ko\t'Korean'
ja\t'Japanese'"
complete -c shipdeck -n "__fish_shipdeck_using_subcommand tracking; and __fish_seen_subcommand_from import" -l json -d 'One JSON document on stdout'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand tracking; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand tracking; and __fish_seen_subcommand_from import" -s V -l version -d 'Print version'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand tracking; and __fish_seen_subcommand_from help" -f -a "import" -d 'Record carrier-labelled parcels received at the warehouse (CSV: order key, carrier, tracking number) and push them to the sites'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand tracking; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand waybill; and not __fish_seen_subcommand_from print help" -l data-dir -d 'The database directory (default: the XDG data dir, e.g. ~/.local/share/shipdeck/db)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand waybill; and not __fish_seen_subcommand_from print help" -l config -d 'The config file (default: the XDG config dir, e.g. ~/.config/shipdeck/config.toml)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand waybill; and not __fish_seen_subcommand_from print help" -l socket -d 'The engine\'s socket (default: `[engine] socket`, else $XDG_RUNTIME_DIR/shipdeck/engine.sock)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand waybill; and not __fish_seen_subcommand_from print help" -l lang -d 'The language of the dashboard and of human output: en, ko or ja (default: `[ui] language` in the config, else LC_ALL / LC_MESSAGES / LANG). `--json` output is always the same' -r -f -a "en\t'English (the default)'
ko\t'Korean'
ja\t'Japanese'"
complete -c shipdeck -n "__fish_shipdeck_using_subcommand waybill; and not __fish_seen_subcommand_from print help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand waybill; and not __fish_seen_subcommand_from print help" -s V -l version -d 'Print version'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand waybill; and not __fish_seen_subcommand_from print help" -f -a "print" -d 'Issue shipdeck\'s own QSP waybill numbers (courier "other courier") and push them'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand waybill; and not __fish_seen_subcommand_from print help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand waybill; and __fish_seen_subcommand_from print" -l wait -d 'Seconds to wait for the sites\' answers' -r
complete -c shipdeck -n "__fish_shipdeck_using_subcommand waybill; and __fish_seen_subcommand_from print" -l data-dir -d 'The database directory (default: the XDG data dir, e.g. ~/.local/share/shipdeck/db)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand waybill; and __fish_seen_subcommand_from print" -l config -d 'The config file (default: the XDG config dir, e.g. ~/.config/shipdeck/config.toml)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand waybill; and __fish_seen_subcommand_from print" -l socket -d 'The engine\'s socket (default: `[engine] socket`, else $XDG_RUNTIME_DIR/shipdeck/engine.sock)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand waybill; and __fish_seen_subcommand_from print" -l lang -d 'The language of the dashboard and of human output: en, ko or ja (default: `[ui] language` in the config, else LC_ALL / LC_MESSAGES / LANG). `--json` output is always the same' -r -f -a "en\t'English (the default)'
ko\t'Korean'
ja\t'Japanese'"
complete -c shipdeck -n "__fish_shipdeck_using_subcommand waybill; and __fish_seen_subcommand_from print" -l json -d 'One JSON document on stdout'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand waybill; and __fish_seen_subcommand_from print" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand waybill; and __fish_seen_subcommand_from print" -s V -l version -d 'Print version'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand waybill; and __fish_seen_subcommand_from help" -f -a "print" -d 'Issue shipdeck\'s own QSP waybill numbers (courier "other courier") and push them'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand waybill; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sku; and not __fish_seen_subcommand_from import export help" -l data-dir -d 'The database directory (default: the XDG data dir, e.g. ~/.local/share/shipdeck/db)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sku; and not __fish_seen_subcommand_from import export help" -l config -d 'The config file (default: the XDG config dir, e.g. ~/.config/shipdeck/config.toml)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sku; and not __fish_seen_subcommand_from import export help" -l socket -d 'The engine\'s socket (default: `[engine] socket`, else $XDG_RUNTIME_DIR/shipdeck/engine.sock)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sku; and not __fish_seen_subcommand_from import export help" -l lang -d 'The language of the dashboard and of human output: en, ko or ja (default: `[ui] language` in the config, else LC_ALL / LC_MESSAGES / LANG). `--json` output is always the same' -r -f -a "en\t'English (the default)'
ko\t'Korean'
ja\t'Japanese'"
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sku; and not __fish_seen_subcommand_from import export help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sku; and not __fish_seen_subcommand_from import export help" -s V -l version -d 'Print version'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sku; and not __fish_seen_subcommand_from import export help" -f -a "import" -d 'Import SKUs and mappings from .xlsx or .csv: the whole file is checked first, then written in one transaction, or not at all. Exit status 2 when the file has errors'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sku; and not __fish_seen_subcommand_from import export help" -f -a "export" -d 'Export the SKUs, mappings and open mismatches to .xlsx (one sheet each) or .csv (the mismatches go to NAME.mismatches.csv beside it), in the form `sku import` reads back'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sku; and not __fish_seen_subcommand_from import export help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sku; and __fish_seen_subcommand_from import" -l encoding -d 'Force the CSV text encoding instead of detecting it' -r -f -a "utf-8\t'UTF-8, with or without a byte-order mark'
shift_jis\t'Shift_JIS (Windows-31J), as Japanese Excel saves CSV'
cp949\t'CP949 (EUC-KR superset), as Korean Excel saves CSV'"
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sku; and __fish_seen_subcommand_from import" -l data-dir -d 'The database directory (default: the XDG data dir, e.g. ~/.local/share/shipdeck/db)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sku; and __fish_seen_subcommand_from import" -l config -d 'The config file (default: the XDG config dir, e.g. ~/.config/shipdeck/config.toml)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sku; and __fish_seen_subcommand_from import" -l socket -d 'The engine\'s socket (default: `[engine] socket`, else $XDG_RUNTIME_DIR/shipdeck/engine.sock)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sku; and __fish_seen_subcommand_from import" -l lang -d 'The language of the dashboard and of human output: en, ko or ja (default: `[ui] language` in the config, else LC_ALL / LC_MESSAGES / LANG). `--json` output is always the same' -r -f -a "en\t'English (the default)'
ko\t'Korean'
ja\t'Japanese'"
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sku; and __fish_seen_subcommand_from import" -l dry-run -d 'Check the file and print the report; write nothing'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sku; and __fish_seen_subcommand_from import" -l json -d 'One JSON document on stdout'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sku; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sku; and __fish_seen_subcommand_from import" -s V -l version -d 'Print version'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sku; and __fish_seen_subcommand_from export" -l data-dir -d 'The database directory (default: the XDG data dir, e.g. ~/.local/share/shipdeck/db)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sku; and __fish_seen_subcommand_from export" -l config -d 'The config file (default: the XDG config dir, e.g. ~/.config/shipdeck/config.toml)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sku; and __fish_seen_subcommand_from export" -l socket -d 'The engine\'s socket (default: `[engine] socket`, else $XDG_RUNTIME_DIR/shipdeck/engine.sock)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sku; and __fish_seen_subcommand_from export" -l lang -d 'The language of the dashboard and of human output: en, ko or ja (default: `[ui] language` in the config, else LC_ALL / LC_MESSAGES / LANG). `--json` output is always the same' -r -f -a "en\t'English (the default)'
ko\t'Korean'
ja\t'Japanese'"
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sku; and __fish_seen_subcommand_from export" -l json -d 'One JSON document on stdout'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sku; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sku; and __fish_seen_subcommand_from export" -s V -l version -d 'Print version'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sku; and __fish_seen_subcommand_from help" -f -a "import" -d 'Import SKUs and mappings from .xlsx or .csv: the whole file is checked first, then written in one transaction, or not at all. Exit status 2 when the file has errors'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sku; and __fish_seen_subcommand_from help" -f -a "export" -d 'Export the SKUs, mappings and open mismatches to .xlsx (one sheet each) or .csv (the mismatches go to NAME.mismatches.csv beside it), in the form `sku import` reads back'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand sku; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand doctor" -l timeout -d 'Seconds each shop\'s connection test may take' -r
complete -c shipdeck -n "__fish_shipdeck_using_subcommand doctor" -l data-dir -d 'The database directory (default: the XDG data dir, e.g. ~/.local/share/shipdeck/db)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand doctor" -l config -d 'The config file (default: the XDG config dir, e.g. ~/.config/shipdeck/config.toml)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand doctor" -l socket -d 'The engine\'s socket (default: `[engine] socket`, else $XDG_RUNTIME_DIR/shipdeck/engine.sock)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand doctor" -l lang -d 'The language of the dashboard and of human output: en, ko or ja (default: `[ui] language` in the config, else LC_ALL / LC_MESSAGES / LANG). `--json` output is always the same' -r -f -a "en\t'English (the default)'
ko\t'Korean'
ja\t'Japanese'"
complete -c shipdeck -n "__fish_shipdeck_using_subcommand doctor" -l json -d 'One JSON document on stdout: `{"ok": …, "checks": [{"name", "status", "detail", "fix"}]}`'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand doctor" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand doctor" -s V -l version -d 'Print version'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand completions" -l data-dir -d 'The database directory (default: the XDG data dir, e.g. ~/.local/share/shipdeck/db)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand completions" -l config -d 'The config file (default: the XDG config dir, e.g. ~/.config/shipdeck/config.toml)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand completions" -l socket -d 'The engine\'s socket (default: `[engine] socket`, else $XDG_RUNTIME_DIR/shipdeck/engine.sock)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand completions" -l lang -d 'The language of the dashboard and of human output: en, ko or ja (default: `[ui] language` in the config, else LC_ALL / LC_MESSAGES / LANG). `--json` output is always the same' -r -f -a "en\t'English (the default)'
ko\t'Korean'
ja\t'Japanese'"
complete -c shipdeck -n "__fish_shipdeck_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand completions" -s V -l version -d 'Print version'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand man" -l data-dir -d 'The database directory (default: the XDG data dir, e.g. ~/.local/share/shipdeck/db)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand man" -l config -d 'The config file (default: the XDG config dir, e.g. ~/.config/shipdeck/config.toml)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand man" -l socket -d 'The engine\'s socket (default: `[engine] socket`, else $XDG_RUNTIME_DIR/shipdeck/engine.sock)' -r -F
complete -c shipdeck -n "__fish_shipdeck_using_subcommand man" -l lang -d 'The language of the dashboard and of human output: en, ko or ja (default: `[ui] language` in the config, else LC_ALL / LC_MESSAGES / LANG). `--json` output is always the same' -r -f -a "en\t'English (the default)'
ko\t'Korean'
ja\t'Japanese'"
complete -c shipdeck -n "__fish_shipdeck_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand man" -s V -l version -d 'Print version'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand help; and not __fish_seen_subcommand_from demo bench shops sim sync serve audit orders pushes tracking waybill sku doctor completions man help" -f -a "demo" -d 'Simulator + temporary database + demo shops + the dashboard: what a newcomer runs first'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand help; and not __fish_seen_subcommand_from demo bench shops sim sync serve audit orders pushes tracking waybill sku doctor completions man help" -f -a "bench" -d 'Benchmarks (`bench tui`)'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand help; and not __fish_seen_subcommand_from demo bench shops sim sync serve audit orders pushes tracking waybill sku doctor completions man help" -f -a "shops" -d 'Connect, list and remove seller accounts'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand help; and not __fish_seen_subcommand_from demo bench shops sim sync serve audit orders pushes tracking waybill sku doctor completions man help" -f -a "sim" -d 'Run the marketplace simulator (all five sites) on a loopback address'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand help; and not __fish_seen_subcommand_from demo bench shops sim sync serve audit orders pushes tracking waybill sku doctor completions man help" -f -a "sync" -d 'Pull orders and send pushes: one cycle with --once, or continuously'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand help; and not __fish_seen_subcommand_from demo bench shops sim sync serve audit orders pushes tracking waybill sku doctor completions man help" -f -a "serve" -d 'Run the engine as a service: it owns the database and the site traffic, and dashboards and commands attach to it over its socket'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand help; and not __fish_seen_subcommand_from demo bench shops sim sync serve audit orders pushes tracking waybill sku doctor completions man help" -f -a "audit" -d 'Read the audit trail: who changed what, when, and how it ended'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand help; and not __fish_seen_subcommand_from demo bench shops sim sync serve audit orders pushes tracking waybill sku doctor completions man help" -f -a "orders" -d 'List orders; confirm them on their sites'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand help; and not __fish_seen_subcommand_from demo bench shops sim sync serve audit orders pushes tracking waybill sku doctor completions man help" -f -a "pushes" -d 'List pushes (confirmations, tracking, stock); retry failed ones'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand help; and not __fish_seen_subcommand_from demo bench shops sim sync serve audit orders pushes tracking waybill sku doctor completions man help" -f -a "tracking" -d 'Import tracking numbers of parcels received at the warehouse'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand help; and not __fish_seen_subcommand_from demo bench shops sim sync serve audit orders pushes tracking waybill sku doctor completions man help" -f -a "waybill" -d 'Print shipdeck waybills (QSP numbers) and push them'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand help; and not __fish_seen_subcommand_from demo bench shops sim sync serve audit orders pushes tracking waybill sku doctor completions man help" -f -a "sku" -d 'Import and export the SKU catalogue and its mappings (.xlsx or .csv)'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand help; and not __fish_seen_subcommand_from demo bench shops sim sync serve audit orders pushes tracking waybill sku doctor completions man help" -f -a "doctor" -d 'Check the setup: config, database, logs, clock, keys, each shop\'s connection, pushes, mismatches; a fix for each failure (exit status 1 when any check fails)'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand help; and not __fish_seen_subcommand_from demo bench shops sim sync serve audit orders pushes tracking waybill sku doctor completions man help" -f -a "completions" -d 'Print the completion script of a shell (bash, zsh, fish)'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand help; and not __fish_seen_subcommand_from demo bench shops sim sync serve audit orders pushes tracking waybill sku doctor completions man help" -f -a "man" -d 'Write the man pages into DIR (or the main page to stdout)'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand help; and not __fish_seen_subcommand_from demo bench shops sim sync serve audit orders pushes tracking waybill sku doctor completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand help; and __fish_seen_subcommand_from bench" -f -a "tui" -d 'The dashboard over a large store'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand help; and __fish_seen_subcommand_from bench" -f -a "pty" -d 'Key to screen: the real dashboard in a pseudo-terminal, beside `less`'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand help; and __fish_seen_subcommand_from bench" -f -a "link" -d 'A dashboard attached over the socket vs one on its own engine; the engine idle with clients'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand help; and __fish_seen_subcommand_from shops" -f -a "add" -d 'Register a seller account on one site'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand help; and __fish_seen_subcommand_from shops" -f -a "list" -d 'List the registered shops (secrets masked)'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand help; and __fish_seen_subcommand_from shops" -f -a "edit" -d 'Change a shop: credential fields, options, API base, pull interval'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand help; and __fish_seen_subcommand_from shops" -f -a "test" -d 'Run the site\'s connection test and print the site\'s own answer'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand help; and __fish_seen_subcommand_from shops" -f -a "remove" -d 'Remove a shop. Its orders are kept'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand help; and __fish_seen_subcommand_from orders" -f -a "list" -d 'Orders newest first, by status and shop'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand help; and __fish_seen_subcommand_from orders" -f -a "confirm" -d 'Confirm orders on their sites (SHOP/ORDER…), then send the confirmations'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand help; and __fish_seen_subcommand_from orders" -f -a "accept-shipment" -d 'Take the shipment someone else made on the site (an order held for "other tracking on the site") as the order\'s own: it is shipped with the site\'s number; ours is not sent'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand help; and __fish_seen_subcommand_from pushes" -f -a "list" -d 'Pushes newest first'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand help; and __fish_seen_subcommand_from pushes" -f -a "retry" -d 'Send failed pushes again'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand help; and __fish_seen_subcommand_from tracking" -f -a "import" -d 'Record carrier-labelled parcels received at the warehouse (CSV: order key, carrier, tracking number) and push them to the sites'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand help; and __fish_seen_subcommand_from waybill" -f -a "print" -d 'Issue shipdeck\'s own QSP waybill numbers (courier "other courier") and push them'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand help; and __fish_seen_subcommand_from sku" -f -a "import" -d 'Import SKUs and mappings from .xlsx or .csv: the whole file is checked first, then written in one transaction, or not at all. Exit status 2 when the file has errors'
complete -c shipdeck -n "__fish_shipdeck_using_subcommand help; and __fish_seen_subcommand_from sku" -f -a "export" -d 'Export the SKUs, mappings and open mismatches to .xlsx (one sheet each) or .csv (the mismatches go to NAME.mismatches.csv beside it), in the form `sku import` reads back'
