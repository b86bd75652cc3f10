# shipdeck — English messages (the default). Every message here must exist in ko.ftl and ja.ftl
# with the same placeholders (src/i18n/tests.rs checks). Spacing around messages stays in code.

## Panes, the title bar and the status bar

pane-shops = Shops
pane-orders = Orders
pane-mismatches = Mismatches
pane-pushes = Pushes
too-small = terminal too small: { $w }×{ $h } (needs at least { $min_w }×{ $min_h })
ago-s = { $n }s ago
ago-m = { $n }m ago
ago-h = { $n }h ago
ago-d = { $n }d ago
due = due
in-s = in { $n }s
in-m = in { $n }m
in-h = in { $n }h
soon = soon
engine-starting = engine: starting…
engine-running = engine: running
synced-ago = synced { $ago }
not-synced = not synced yet
status-pending-pushes = { $n } pending pushes
status-failed-pushes = { $n } failed
status-shops-in-error = { $n } shops in error
status-mismatches = { $n } mismatches
status-marked = { $n } marked
status-all-marked = all matching marked
bulk-cancelled = confirm cancelled: { $done } sent, { $dropped } dropped
bulk-finished = confirmed { $done } of { $queued }, { $failed } failed
bulk-queuing = confirming: queued { $queued }/{ $total }, sent { $done }
bulk-sending = confirming: sent { $done }/{ $queued }, { $failed } failed
input-hint = Enter apply · Esc close
title-with-filter = { $title } — filter: { $filter }
loading = loading…

## Order statuses, hold reasons, shop health, push kinds

status-collected = collected
status-confirmed = confirmed
status-instructed = instructed
status-received = received
status-shipped = shipped
status-delivered = delivered
status-held = held
status-cancelled = cancelled
state-held = held ({ $reason }) at { $stage }
hold-unmapped-SKU = unmapped SKU
hold-needs-manual-shipping-order = needs manual shipping order
hold-push-failed = push failed
hold-shop-auth-failed = shop auth failed
hold-other-tracking-on-the-site = other tracking on the site
health-unknown = unknown
health-ok = ok
health-auth-failed = auth failed
health-error = error
health-paused = paused
push-kind-confirm = confirm
push-kind-ship = ship
push-kind-stock = stock
sku-ok = ok
sku-pending = pending
sku-unmapped = { $n } unmapped

## Orders

orders-title = Orders — { $tab } ({ $n })
orders-title-capped = Orders — { $tab } ({ $n } matching among the newest { $scanned } searched; refine the filter for older ones)
orders-title-searched = Orders — { $tab } ({ $n } matching; all { $scanned } searched)
orders-title-searching = Orders — { $tab } ({ $n } matching so far; searching the whole tab…)
orders-empty = no orders in this status
col-order-no = order no
col-site = site
col-shop = shop
col-ordered = ordered
col-qty = qty
col-status = status
col-sku = SKU

## Shops

shops-title = Shops ({ $n })
shops-empty = no shops yet — `:shop add` adds one
col-name = name
col-shop-id = shop id
col-health = health
col-last-pull = last pull
col-next = next
col-errors = errors
col-options = options

## Mismatches

mismatches-title = Mismatches ({ $n }) — Enter maps the line
mismatches-empty = no open mismatches
none-close = (none close)
no-code-on-line = (no code on the line)
col-order = order
col-line = line
col-site-code = site code
col-product-option = product / option
col-candidates = candidate SKUs

## Pushes

pushes-title = Pushes ({ $n }) — r retries the marked
pushes-empty = no pushes yet
push-stock-of = stock of { $sku }
push-failed = failed: { $error }
push-retry = retry { $when } — { $error }
push-pending = pending, { $when }
push-done = done: { $note }
push-accepted = accepted
push-dropped = dropped: { $note }
col-id = id
col-kind = kind
col-tracking = carrier / tracking
col-tries = tries
col-result = result

## Dialogs

confirm-title = Confirm orders
confirm-hidden = { $n } of them are hidden by the current filter/tab.
confirm-all-in-view = All of them are in view.
confirm-counting = Confirm every { $status } order — counting…
confirm-counting-matching = Confirm every { $status } order matching { $filter } — counting…
confirm-marked = { $n ->
    [one] Confirm { $n } marked order on their sites?
   *[other] Confirm { $n } marked orders on their sites?
}
confirm-more-shops = … and { $n } more shops
confirm-keys = Tab switches · Enter chooses · Esc cancels
button-cancel = Cancel
button-confirm = Confirm
details-title-scroll = { $title } ({ $from }-{ $to } of { $of }, j/k scroll)
map-title = Map the line to a SKU
map-order = order
map-code = code
map-item = item
map-looking = looking for candidates…
map-none-close = no close candidates: type a SKU code
map-or-type = or type a SKU:
map-keys = ↑/↓ choose · Enter maps · Esc closes

## Help

help-title = Keys (Esc closes)
help-title-scroll = Keys { $from }-{ $to } of { $of } (j/k PgDn scroll, Esc closes)
help-in-pane = In { $pane }
help-in-dialogs = In dialogs
help-in-bars = In the filter (/) and command (:) bars
help-commands = Commands (:)
help-dialog-switch = switch the button (confirm)
help-dialog-enter = choose (confirm), map the line (map), close (details)
help-dialog-choose = choose a suggested SKU (map)
help-dialog-type = a SKU code (map)
help-dialog-scroll = scroll (details, help)
help-dialog-esc = close the dialog
help-input-enter = apply (the filter applies as you type)
help-input-backspace = delete a character
help-input-esc = close the bar (Esc again clears the filter)
help-cmd-orders = the Orders pane, at a status tab
help-cmd-panes = that pane
help-cmd-accept = take the site's shipment of a held order
help-cmd-shop-add = the shop form
help-cmd-shop-renew = have Qoo10 issue a new seller key
help-cmd-sku-import = import SKUs and mappings
help-cmd-sku-export = export the catalogue
help-cmd-cancel = stop the running bulk confirmation
help-cmd-audit = the audit trail, newest first (of one user)
help-cmd-pull = pull every shop now
help-cmd-help = this help
help-cmd-quit = quit
action-quit = quit
action-help = help
action-back = back
action-down = down
action-up = up
action-top = first row
action-bottom = last row
action-page-down = page down
action-page-up = page up
action-next-pane = next pane
action-prev-pane = previous pane
action-pane-shops = Shops
action-pane-orders = Orders
action-pane-mismatches = Mismatches
action-pane-pushes = Pushes
action-next-tab = next status
action-prev-tab = previous status
action-filter = filter
action-command = command
action-mark = mark
action-mark-range = mark range
action-mark-all = mark all
action-confirm = confirm marked
action-retry = retry marked
action-open = open / map
action-pull = pull now
action-sort = sort by next column
action-sort-reverse = reverse sort
action-copy = copy key
action-cancel-bulk = cancel bulk confirm

## Toasts

toast-query-failed = query failed: { $error }
toast-items-done = { $ok } { $word }, { $failed } failed — Enter for details
word-confirmed = confirmed
word-shipped-site-tracking = shipped with the site's tracking
word-retried = retried
toast-bulk-queued = { $queued } confirmations queued ({ $skipped } skipped: not new or already queued) — progress below
toast-mapping-saved = mapping saved: { $reresolved } orders re-resolved, { $released } released
toast-pulled = pulled { $shops } shops: { $new } new, { $errors } errors
toast-key-stored = { $name }: new seller key stored
toast-no-bulk = no bulk confirmation is running
toast-nothing-marked = nothing marked: mark orders with Space (or all with Ctrl-a) first
toast-copied = copied { $what } { $text }
toast-nothing-to-copy = nothing to copy: no row selected
toast-warning = warning: { $warning }
copy-order-number = order number
copy-shop-name = shop name
copy-product-code = product code
copy-option-code = option code
copy-crossmall-code = Crossmall code
copy-product-name = product name
copy-tracking-number = tracking number
verb-confirm = confirm
verb-retry = retry
verb-mapping = mapping
verb-pull = pull
verb-add-shop = add shop
verb-test-shop = test shop
verb-renew-key = renew key
verb-sku = sku
verb-accept = accept shipment
verb-cancel = cancel
search-stopped = the search was stopped
sku-imported = imported { $file } ({ $released } released)
sku-import-errors = { $file }: { $n } errors, nothing written
sku-import-dry-run = { $file }: checked, not applied (dry run)
sku-exported = exported to { $file }
usage-shop-renew = usage: :shop renew NAME (a Qoo10 shop)
usage-accept = usage: :accept SHOP/ORDER (or select the order in Orders)
usage-sku = usage: :sku { $verb } PATH
unknown-command = unknown command `{ $command }` ({ $known }; ? lists them)
no-order-selected = no order selected
nothing-to-map = nothing to map: type a SKU code or pick a suggestion

## The shop form

form-saving = saving and testing…
form-asking-key = asking the site for a key…
form-saved-testing = saved as { $name }; testing the connection…
form-key-issued = key issued: { $key } (expires { $expires }); testing the connection…
form-connection-ok = connection OK: { $message }
form-site-said = the site said: { $error }
opening-store = opening the store at { $dir }
push-state-pending = pending
push-state-done = done
push-state-failed = failed
push-state-dropped = dropped

## The command line's human output and errors

cli-warning = warning: { $warning }
cli-no-core-dump-off = cannot disable core dumps: { $error }
cli-no-log-file = cannot write a log file in { $dir }: { $error }
cli-not-name-value = { $what } `{ $arg }` is not of the form NAME=VALUE
cli-given-twice = { $what } `{ $name }` is given twice
cli-on-off = option `{ $name }` must be on or off, not `{ $value }`
cli-unexpected-answer = unexpected answer from the engine
cli-shop-added = added shop `{ $name }` ({ $site } seller { $id })
cli-no-shops = no shops yet; add one with `shipdeck shops add --name NAME --site SITE --shop-id ID`
cli-foreign-api-base = api_base { $base } is not { $site }'s own host
cli-shop-changed = changed shop `{ $name }`
cli-no-such-shop = no shop named `{ $name }`
cli-shop-removed = removed shop `{ $name }`; its { $kept } orders are kept
cli-col-name = NAME
cli-col-site = SITE
cli-col-shop-id = SHOP ID
cli-col-health = HEALTH
cli-col-options = OPTIONS
cli-col-order = ORDER
cli-col-status = STATUS
cli-col-ordered = ORDERED
cli-col-items = ITEMS
cli-col-sku = SKU
cli-col-id = ID
cli-col-kind = KIND
cli-col-state = STATE
cli-col-try = TRY
cli-col-result = RESULT
cli-col-shop = SHOP
cli-col-new = NEW
cli-col-updated = UPDATED
cli-col-cancelled = CANCELLED
cli-col-held = HELD
cli-col-queued = QUEUED
cli-col-errors = ERRORS
cli-not-done = NOT DONE — { $error }
cli-pushes-summary = pushes: { $done } done, { $failed } failed, { $pending } still pending (see `shipdeck pushes list`)
cli-some-not-done = some items were not done (see above)
cli-no-such-push = no such push: { $ids }; nothing was done
cli-no-such-order = no such order: { $keys }; nothing was done
cli-orders-count = { $shown } of { $total } orders
cli-orders-skipped = { $n } unreadable order records were skipped (the log names them)
cli-unknown-push-state = unknown push state `{ $state }` (pending, done, failed, dropped)
cli-summary-config = config
cli-summary-data = data
cli-summary-logs = logs
cli-summary-shops = shops
cli-summary-orders = orders
cli-summary-not-present = (not present)
cli-summary-mismatches = open SKU mismatches: { $n }
cli-summary-help = Run `shipdeck --help` for the commands.
cli-summary-engine = engine
cli-summary-attached = attached at { $socket } as { $who } ({ $role })
cli-sync-once-only = --shop, --from and --to go with --once
cli-sync-running = syncing every shop on its schedule; Ctrl-C stops
cli-sync-engine-running = the engine at { $socket } already syncs every shop on its schedule ({ $who })
cli-bad-date = bad date { $date }: { $error }
cli-sync-pushes = pushes: { $done } done, { $failed } failed, { $retried } retried, { $dropped } dropped, { $pending } still pending
cli-sync-failed = some pulls or pushes failed (see above)
cli-connection-ok = connection OK
cli-connection-failed = connection FAILED
cli-connection-test-failed = the connection test of `{ $name }` failed
cli-doctor-failed = some checks failed (each FAIL line says how to fix it)
cli-doctor-head = config { $config }, data { $data }
cli-doctor-fix = fix: { $fix }
cli-demo-needs-terminal = `shipdeck demo` needs a terminal

## The shop form's fields

form-title = Add a shop (Tab moves, Ctrl-s saves & tests, Esc closes)
form-site = Site (←/→)
form-save-test = Save & test connection
form-get-auth = Get auth / Renew key
form-get-auth-hint = Get auth asks Qoo10 for a key with the shop's QSM login (kept masked, for renewals)
form-need-login = type the QSM id and password first
field-name = Name in shipdeck
field-shop-id = Seller id on the site
field-api-base = API base URL (blank: the site's)
field-seller-key = Seller certification key (issued)
field-key-expires = Key expiry date (YYYY-MM-DD)
field-qsm-user-id = QSM login id (to issue a new key)
field-qsm-password = QSM password (to issue a new key)
field-ship-days = Business days to the estimated shipping date (default 1)
field-api-key = API key
field-account-number = Account number (trNo)
field-company-code = Company code (会社コード)
field-access-key = Access key
field-secret-key = Secret key
cli-not-of-form = { $what } `{ $arg }` is not of the form { $form }
cli-not-utf8 = { $file }: not UTF-8 text ({ $error })
cli-row-error = { $file }: row { $row }: { $error }
cli-tracking-fields = { $file }: row { $row }: expected 3 fields (order key, carrier, tracking number), found { $n }
cli-tracking-bad-key = { $file }: row { $row }, field 1 (order key): { $error }
cli-tracking-no-carrier = { $file }: row { $row }, field 2 (carrier): empty
cli-tracking-bad-number = { $file }: row { $row }, field 3 (tracking number): { $error }
cli-nothing-recorded = nothing was recorded:
cli-no-tracking-rows = { $file }: no tracking rows
cli-stdin-unreadable = --set { $field }=-: cannot read standard input: { $error }
cli-stdin-ended = --set { $field }=-: standard input ended before the value (give it on one line)
cli-stdin-not-utf8 = --set { $field }=-: the value is not UTF-8 text
cli-secret-on-command-line = the secret `{ $field }` was given on the command line, where other local users can read it while the command runs and the shell history keeps it; next time use --set { $field }=- (reads standard input) or --secret-file { $field }=PATH

## SKU import and export reports

problem-sheet = sheet { $sheet }
problem-row = row { $row }
problem-column = column { $column }
import-head = { $file } ({ $format }): { $rows } rows
import-skus = SKUs: { $new } new, { $changed } changed, { $unchanged } unchanged
import-mappings = mappings: { $new } new, { $changed } changed, { $unchanged } unchanged
import-matching = { $n } mapping rows match order lines { $rule }
import-warning = warning: { $problem }
import-error = error: { $problem }
import-applied = applied; { $reresolved } orders re-resolved, { $released } released
import-dry-run = not applied (dry run)
import-nothing-written = nothing was written: { $n } errors
export-head = { $file }: { $skus } SKUs, { $mappings } mappings
export-mismatches = { $n } open mismatches in { $file }
rule-product-code = by product code
rule-option-code = by option code
rule-option-and-product-code = by option code, where the line's product code is the one given
rule-crossmall = by Crossmall product number, name and option text

## shipdeck doctor

doc-config-example = see assets/config.example.toml for every key
doc-cannot-read-shops = cannot read the shops: { $error }
doc-fix-shops-list = run `shipdeck shops list` to see the error in full
doc-no-runtime = cannot start the async runtime: { $error }
doc-fix-ulimit = check the process limits (ulimit -u, -n)
doc-db-unreadable = the database could not be read (above)
doc-no-config = no config file at { $file } (none is needed until a site needs integrator keys)
doc-cannot-read = cannot read { $file }: { $error }
doc-fix-config-readable = make it readable by this user, or point --config / SHIPDECK_CONFIG at the right file; { $example }
doc-config-parses = { $file } parses
doc-fix-config-line = correct that line; { $example }
doc-config-readable-by-others = { $file } is readable by others (mode { $mode }); it holds integrator secret keys
doc-config-other-owner = { $file } belongs to uid { $uid }, not to this user
doc-config-private = mode 0600, owned by this user
doc-cannot-read-mode = cannot read the mode of { $file }: { $error }
doc-no-database = no database at { $dir }
doc-fix-no-database = the first command that uses it creates it, e.g. `shipdeck shops add …`; or point --data-dir / SHIPDECK_DATA_DIR at the existing one
doc-database-ok = { $dir }: schema version { $version }, not in use by another process
doc-database-schema = { $dir }: schema version { $version }, this shipdeck reads { $ours }
doc-fix-schema = run the shipdeck that wrote it, or upgrade this one
doc-fix-restore = restore the data directory from a backup
doc-process = process { $pid } ({ $cmd })
doc-another-process = another process
doc-stop-process = stop process { $pid }
doc-stop-other = stop the other shipdeck (`fuser -v` on the db file names it)
doc-database-locked = { $dir } is locked by { $who }; sled allows one process per database, so the rest cannot be checked
doc-fix-locked = { $stop } (quit its dashboard, Ctrl-C its `sync`, or `systemctl stop shipdeck`), then run doctor again
doc-fix-database-dir = check the directory's owner and mode (0700, this user), or point --data-dir elsewhere
doc-logs-ok = { $dir } is writable
doc-logs-unwritable = cannot write in { $dir }: { $error }
doc-fix-logs = make { $dir } writable by this user, or set SHIPDECK_LOG_DIR to a directory that is
doc-no-shops = no shops yet (`shipdeck shops add …`)
doc-config-broken = the config does not parse (above)
doc-missing-esm = [esm] master_id and secret_key (for { $shops })
doc-missing-grip = [grip] service_id (for { $shops })
doc-missing-qoo10 = [qoo10] api_key, renew_user_id and renew_password (auto_renew_key is on for { $shops })
doc-keys-none-needed = none needed by the sites in use
doc-keys-present = { $keys } present for the sites in use
doc-keys-missing = missing: { $keys }
doc-fix-keys = add them to { $file } (chmod 600); { $example }
doc-clock-no-shops = no shops to compare with (the sites' Date headers)
doc-no-http-client = cannot build the HTTP client: { $error }
doc-no-date-header = { $origin } (no Date header)
doc-no-site-answered = no site answered: { $sites }
doc-clock-behind = this machine's clock is { $span } behind { $site }'s
doc-clock-ahead = this machine's clock is { $span } ahead of { $site }'s
doc-clock-ok = within { $span } of { $n } site(s)
doc-not-reached = not reached: { $sites }
doc-fix-clock = turn on time sync (`timedatectl set-ntp true`, or chrony/ntpd): Grip refuses signed requests more than 10 minutes off and ESM checks its tokens' `iat`
doc-span-min = { $n } min
doc-span-s = { $n } s
doc-fix-tls = check the TLS set-up of this machine
doc-shop-ok = { $site }: connection OK — { $message }
doc-shop-timeout = { $site }: no answer within { $secs } s
doc-fix-network = check the network and the shop's API address ({ $url }), then `shipdeck shops test { $shop }`
doc-fix-auth = the site refused the shop's keys: copy them again from the seller centre and run `shipdeck shops edit { $shop } --set FIELD=VALUE`, then `shipdeck shops test { $shop }`
doc-fix-key-expired = the seller key expired: issue a new one (dashboard `:shop renew { $shop }`, or `shipdeck shops edit { $shop } --set seller_key=…`)
doc-fix-missing-setting = add the missing setting (see the integrator keys line); { $example }
doc-fix-rate-limited = the site is limiting calls; try `shipdeck shops test { $shop }` in a minute
doc-pushes-ok = none pending, none failed
doc-pushes-failed = { $n } failed
doc-fix-pushes-failed = read the site's answers with `shipdeck pushes list --state failed`, fix the cause, then `shipdeck pushes retry ID…`
doc-pushes-pending = { $n } pending with no engine running
doc-fix-pushes-pending = `shipdeck sync --once` sends the pending ones (or start the dashboard / `shipdeck sync`)
doc-cannot-count-pushes = cannot count the pushes: { $error }
doc-fix-pushes-list = run `shipdeck pushes list` to see the error in full
doc-mismatches-ok = every order line maps to a SKU
doc-mismatches = { $n } order lines have no SKU (their orders are held)
doc-fix-mismatches = map them in the dashboard (pane 3, Enter), or `shipdeck sku import` a sheet with their codes
doc-cannot-count-mismatches = cannot count the mismatches: { $error }
doc-fix-sku-export = run `shipdeck sku export FILE` to see the error in full

## Errors of the store and the config

err-db-locked = the database at { $path } is in use by another shipdeck process (sled allows one process per database)
err-config-read = cannot read config file { $path }: { $error }
err-config-parse = config file { $path }, line { $line }: { $message }
demo-starting = starting the demo
cli-sku-import-failed = { $file }: { $n } errors; nothing was written
item-ok = ok
item-fail = FAIL

## Progress on the terminal (the log keeps the English)

progress-pulling = pulling { $n } shops
progress-shop-pulled = { $shop }: { $new } new
progress-shop-pulled-errors = { $shop }: { $new } new, { $errors } errors
progress-sending-pushes = sending pushes ({ $n } pending)
progress-sync-done = { $shops } shops pulled, { $done } pushes done, { $failed } failed
progress-recording = recording { $n } parcels
progress-issuing = issuing { $n } waybills
progress-sending-command = sending the command
progress-items-done = { $items } items, { $done } pushes done, { $failed } failed
progress-import-applied = { $rows } rows, { $errors } errors, applied
progress-import-not-written = { $rows } rows, { $errors } errors, nothing written
progress-writing = writing { $file }
cli-engine-open-failed = opening the engine failed: { $error }
cli-dashboard-failed = dashboard: { $error }
cli-no-temp-dir = cannot create a temporary data dir: { $error }
cli-cannot-listen = cannot listen on 127.0.0.1: { $error }
cli-no-simulator = cannot start the simulator: { $error }
keyname-type = type

## Shop options, short, for the Shops pane

opt-order-integration = pull
opt-order-confirmation = confirm
opt-fulfillment-instructions = instruct
opt-stock-sync = stock
opt-qxmoney-payment = qxmoney
opt-auto-renew-key = renew
warn-config-readable = config file { $path } holds secret keys but others can read it; run: chmod 600 { $path }
warn-config-renew-login = config file { $path }: [qoo10] renew_user_id / renew_password are ignored (one login cannot renew every shop's key); give each Qoo10 shop its own login: shipdeck shops edit NAME --set qsm_user_id=… --set qsm_password=…

# The audit trail (:audit).
audit-none = no audit entries
audit-title = Audit trail, newest first ({ $n })

# shipdeck audit and shipdeck serve.
cli-audit-since-bad = --since `{ $value }`: give a date (2026-12-01), an instant (2026-12-01T09:00:00Z) or an age (30m, 12h, 7d)
cli-audit-when = WHEN
cli-audit-user = USER
cli-audit-role = ROLE
cli-audit-action = ACTION
cli-audit-detail = DETAIL
cli-audit-result = RESULT
cli-serve-already = an engine already answers at { $socket }
cli-serve-serving = engine serving { $data } on { $socket }; SIGTERM or Ctrl-C stops it
cli-serve-stopped = engine stopped
