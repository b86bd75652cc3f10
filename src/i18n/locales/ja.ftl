# shipdeck — 日本語メッセージ。en.ftl と同じメッセージ ID・同じプレースホルダーが必要です。

## ペイン、タイトルバー、ステータスバー

pane-shops = 店舗
pane-orders = 注文
pane-mismatches = 未紐付け
pane-pushes = 送信
too-small = 端末が小さすぎます: { $w }×{ $h }（{ $min_w }×{ $min_h } 以上が必要）
ago-s = { $n }秒前
ago-m = { $n }分前
ago-h = { $n }時間前
ago-d = { $n }日前
due = 今すぐ
in-s = { $n }秒後
in-m = { $n }分後
in-h = { $n }時間後
soon = すぐ
engine-starting = エンジン: 起動中…
engine-running = エンジン: 稼働中
synced-ago = { $ago }に同期
not-synced = 未同期
status-pending-pushes = 送信待ち { $n }件
status-failed-pushes = 失敗 { $n }件
status-shops-in-error = エラー店舗 { $n }件
status-mismatches = 未紐付け { $n }件
status-marked = { $n }件選択
status-all-marked = 条件に合う全件を選択
bulk-cancelled = 受注確認を中止: { $done }件送信、{ $dropped }件破棄
bulk-finished = 受注確認 { $queued }件中 { $done }件完了、{ $failed }件失敗
bulk-queuing = 受注確認中: キュー { $queued }/{ $total }、送信 { $done }
bulk-sending = 受注確認中: 送信 { $done }/{ $queued }、失敗 { $failed }
input-hint = Enter 適用 · Esc 閉じる
title-with-filter = { $title } — 絞り込み: { $filter }
loading = 読み込み中…

## 注文ステータス、保留理由、店舗の状態、送信の種類

status-collected = 新規
status-confirmed = 受注確認済
status-instructed = 出荷指示済
status-received = 入庫済
status-shipped = 出荷済
status-delivered = 配達完了
status-held = 保留
status-cancelled = キャンセル
state-held = 保留（{ $reason }）— { $stage }段階
hold-unmapped-SKU = SKU未紐付け
hold-needs-manual-shipping-order = 手動で出荷指示が必要
hold-push-failed = 送信失敗
hold-shop-auth-failed = 店舗の認証失敗
hold-other-tracking-on-the-site = サイトに別の追跡番号
health-unknown = 不明
health-ok = 正常
health-auth-failed = 認証失敗
health-error = エラー
health-paused = 停止中
push-kind-confirm = 受注確認
push-kind-ship = 出荷通知
push-kind-stock = 在庫
sku-ok = 正常
sku-pending = 確認中
sku-unmapped = 未紐付け{ $n }

## 注文

orders-title = 注文 — { $tab }（{ $n }）
orders-title-capped = 注文 — { $tab }（最新 { $scanned }件中 { $n }件一致。古い注文は条件を絞ってください）
orders-title-searched = 注文 — { $tab }（{ $n }件一致、全 { $scanned }件を検索）
orders-title-searching = 注文 — { $tab }（現在 { $n }件一致、タブ全体を検索中…）
orders-empty = このステータスの注文はありません
col-order-no = 注文番号
col-site = サイト
col-shop = 店舗
col-ordered = 注文日時
col-qty = 数量
col-status = 状態
col-sku = SKU

## 店舗

shops-title = 店舗（{ $n }）
shops-empty = 店舗がまだありません — `:shop add` で追加
col-name = 名前
col-shop-id = 店舗ID
col-health = 状態
col-last-pull = 前回取込
col-next = 次回
col-errors = エラー
col-options = オプション

## 未紐付け

mismatches-title = 未紐付け（{ $n }）— Enter で SKU に紐付け
mismatches-empty = 未紐付けの明細はありません
none-close = （近い候補なし）
no-code-on-line = （明細にコードなし）
col-order = 注文
col-line = 明細
col-site-code = サイトのコード
col-product-option = 商品 / オプション
col-candidates = 候補SKU

## 送信

pushes-title = 送信（{ $n }）— r で選択分を再送
pushes-empty = 送信はまだありません
push-stock-of = { $sku } の在庫
push-failed = 失敗: { $error }
push-retry = { $when }に再送 — { $error }
push-pending = 待機中、{ $when }
push-done = 完了: { $note }
push-accepted = 受付済
push-dropped = 破棄: { $note }
col-id = ID
col-kind = 種類
col-tracking = 配送会社 / 追跡番号
col-tries = 試行
col-result = 結果

## ダイアログ

confirm-title = 受注確認
confirm-hidden = うち { $n }件は現在の絞り込み／タブで非表示です。
confirm-all-in-view = すべて表示中です。
confirm-counting = { $status }の注文をすべて受注確認 — 件数を集計中…
confirm-counting-matching = { $filter } に合う{ $status }の注文をすべて受注確認 — 件数を集計中…
confirm-marked = { $n ->
   *[other] 選択した注文 { $n }件を各サイトで受注確認しますか？
}
confirm-more-shops = … ほか { $n }店舗
confirm-keys = Tab 切替 · Enter 決定 · Esc キャンセル
button-cancel = キャンセル
button-confirm = 受注確認
details-title-scroll = { $title }（{ $from }-{ $to } / { $of }、j/k でスクロール）
map-title = 明細を SKU に紐付け
map-order = 注文
map-code = コード
map-item = 明細
map-looking = 候補を検索中…
map-none-close = 近い候補なし: SKU コードを入力してください
map-or-type = または SKU を入力:
map-keys = ↑/↓ 選択 · Enter 紐付け · Esc 閉じる

## ヘルプ

help-title = キー（Esc で閉じる）
help-title-scroll = キー { $from }-{ $to } / { $of }（j/k PgDn スクロール、Esc で閉じる）
help-in-pane = { $pane }画面
help-in-dialogs = ダイアログ
help-in-bars = 絞り込み(/)・コマンド(:)入力欄
help-commands = コマンド (:)
help-dialog-switch = ボタン切替（受注確認）
help-dialog-enter = 決定（受注確認）、紐付け（紐付け）、閉じる（詳細）
help-dialog-choose = 候補 SKU を選ぶ（紐付け）
help-dialog-type = SKU コードを入力（紐付け）
help-dialog-scroll = スクロール（詳細、ヘルプ）
help-dialog-esc = ダイアログを閉じる
help-input-enter = 適用（絞り込みは入力中に反映）
help-input-backspace = 1文字削除
help-input-esc = 入力欄を閉じる（もう一度 Esc で絞り込み解除）
help-cmd-orders = 注文画面、指定ステータスのタブ
help-cmd-panes = その画面
help-cmd-accept = 保留注文をサイト側の出荷どおりに反映
help-cmd-shop-add = 店舗の登録フォーム
help-cmd-shop-renew = Qoo10 の販売者キーを再発行
help-cmd-sku-import = SKU と紐付けを取り込む
help-cmd-sku-export = 商品マスタを書き出す
help-cmd-cancel = 実行中の一括受注確認を中止
help-cmd-audit = 監査ログ（新しい順、ユーザー指定可）
help-cmd-pull = 全店舗を今すぐ取込
help-cmd-help = このヘルプ
help-cmd-quit = 終了
action-quit = 終了
action-help = ヘルプ
action-back = 戻る
action-down = 下へ
action-up = 上へ
action-top = 先頭行
action-bottom = 最終行
action-page-down = 次ページ
action-page-up = 前ページ
action-next-pane = 次の画面
action-prev-pane = 前の画面
action-pane-shops = 店舗
action-pane-orders = 注文
action-pane-mismatches = 未紐付け
action-pane-pushes = 送信
action-next-tab = 次のステータス
action-prev-tab = 前のステータス
action-filter = 絞り込み
action-command = コマンド
action-mark = 選択
action-mark-range = 範囲選択
action-mark-all = 全選択
action-confirm = 選択分を受注確認
action-retry = 選択分を再送
action-open = 開く / 紐付け
action-pull = 今すぐ取込
action-sort = 次の列で並べ替え
action-sort-reverse = 逆順
action-copy = キーをコピー
action-cancel-bulk = 一括受注確認を中止

## 通知

toast-query-failed = 照会に失敗: { $error }
toast-items-done = { $ok }件 { $word }、{ $failed }件失敗 — Enter で詳細
word-confirmed = 受注確認
word-shipped-site-tracking = サイトの追跡番号で出荷
word-retried = 再送
toast-bulk-queued = 受注確認 { $queued }件をキューに追加（{ $skipped }件除外: 新規でないか登録済み）— 進捗は下に表示
toast-mapping-saved = 紐付けを保存: 注文 { $reresolved }件を再判定、{ $released }件の保留を解除
toast-pulled = { $shops }店舗を取込: 新規 { $new }件、エラー { $errors }件
toast-key-stored = { $name }: 新しい販売者キーを保存
toast-no-bulk = 実行中の一括受注確認はありません
toast-nothing-marked = 選択された注文がありません: Space で選択してください（全件は Ctrl-a）
toast-copied = { $what }をコピー: { $text }
toast-nothing-to-copy = コピーするものがありません: 行が選択されていません
toast-warning = 警告: { $warning }
copy-order-number = 注文番号
copy-shop-name = 店舗名
copy-product-code = 商品コード
copy-option-code = オプションコード
copy-crossmall-code = Crossmall コード
copy-product-name = 商品名
copy-tracking-number = 追跡番号
verb-confirm = 受注確認
verb-retry = 再送
verb-mapping = 紐付け
verb-pull = 取込
verb-add-shop = 店舗登録
verb-test-shop = 接続テスト
verb-renew-key = キー再発行
verb-sku = SKU
verb-accept = 出荷反映
verb-cancel = 中止
search-stopped = 検索を中止しました
sku-imported = { $file } を取り込みました（保留解除 { $released }件）
sku-import-errors = { $file }: エラー { $n }件、書き込みなし
sku-import-dry-run = { $file }: 確認のみ、未反映（dry run）
sku-exported = { $file } に書き出しました
usage-shop-renew = 使い方: :shop renew 名前（Qoo10 店舗）
usage-accept = 使い方: :accept 店舗/注文番号（または注文画面で注文を選択）
usage-sku = 使い方: :sku { $verb } パス
unknown-command = 不明なコマンド `{ $command }`（{ $known }。? で一覧）
no-order-selected = 注文が選択されていません
nothing-to-map = 紐付けるものがありません: SKU コードを入力するか候補を選んでください

## 店舗登録フォーム

form-saving = 保存してテスト中…
form-asking-key = サイトにキーを要求中…
form-saved-testing = { $name } として保存、接続テスト中…
form-key-issued = キー発行: { $key }（有効期限 { $expires }）、接続テスト中…
form-connection-ok = 接続正常: { $message }
form-site-said = サイトの応答: { $error }
opening-store = { $dir } のストアを開いています
push-state-pending = 待機
push-state-done = 完了
push-state-failed = 失敗
push-state-dropped = 破棄

## コマンドラインの出力とエラー

cli-warning = 警告: { $warning }
cli-no-core-dump-off = コアダンプを無効にできません: { $error }
cli-no-log-file = { $dir } にログファイルを書けません: { $error }
cli-not-name-value = { $what } `{ $arg }` が 名前=値 の形式ではありません
cli-given-twice = { $what } `{ $name }` が2回指定されています
cli-on-off = オプション `{ $name }` は on か off で指定してください（`{ $value }` は不可）
cli-unexpected-answer = エンジンから想定外の応答がありました
cli-shop-added = 店舗 `{ $name }` を登録しました（{ $site } 販売者 { $id }）
cli-no-shops = 店舗がまだありません。`shipdeck shops add --name 名前 --site サイト --shop-id ID` で追加してください
cli-foreign-api-base = api_base { $base } は { $site } 自身のホストではありません
cli-shop-changed = 店舗 `{ $name }` を変更しました
cli-no-such-shop = 店舗 `{ $name }` はありません
cli-shop-removed = 店舗 `{ $name }` を削除しました。注文 { $kept }件はそのまま残ります
cli-col-name = 名前
cli-col-site = サイト
cli-col-shop-id = 店舗ID
cli-col-health = 状態
cli-col-options = オプション
cli-col-order = 注文
cli-col-status = ステータス
cli-col-ordered = 注文日時
cli-col-items = 数量
cli-col-sku = SKU
cli-col-id = ID
cli-col-kind = 種類
cli-col-state = 状態
cli-col-try = 試行
cli-col-result = 結果
cli-col-shop = 店舗
cli-col-new = 新規
cli-col-updated = 更新
cli-col-cancelled = キャンセル
cli-col-held = 保留
cli-col-queued = キュー
cli-col-errors = エラー
cli-not-done = 未処理 — { $error }
cli-pushes-summary = 送信: 完了 { $done }件、失敗 { $failed }件、待機 { $pending }件（`shipdeck pushes list` で確認）
cli-some-not-done = 処理されなかった項目があります（上記参照）
cli-no-such-push = 該当する送信がありません: { $ids }。何も実行していません
cli-no-such-order = 該当する注文がありません: { $keys }。何も実行していません
cli-orders-count = 注文 { $total }件中 { $shown }件
cli-orders-skipped = 読めない注文レコード { $n }件をスキップしました（ログに記録）
cli-unknown-push-state = 不明な送信状態 `{ $state }`（pending, done, failed, dropped）
cli-summary-config = 設定
cli-summary-data = データ
cli-summary-logs = ログ
cli-summary-shops = 店舗
cli-summary-orders = 注文
cli-summary-not-present = （なし）
cli-summary-mismatches = 未解決の SKU 未紐付け: { $n }件
cli-summary-help = コマンド一覧は `shipdeck --help` で確認してください。
cli-summary-engine = エンジン
cli-summary-attached = { $socket } に { $who }（{ $role }）として接続中
cli-sync-once-only = --shop、--from、--to は --once と一緒に指定してください
cli-sync-running = 全店舗をスケジュールどおりに同期しています。Ctrl-C で停止
cli-sync-engine-running = { $socket } のエンジンがすでに全店舗をスケジュールどおり同期しています（{ $who }）
cli-bad-date = 不正な日付 { $date }: { $error }
cli-sync-pushes = 送信: 完了 { $done }件、失敗 { $failed }件、再送 { $retried }件、破棄 { $dropped }件、待機 { $pending }件
cli-sync-failed = 失敗した取込または送信があります（上記参照）
cli-connection-ok = 接続正常
cli-connection-failed = 接続失敗
cli-connection-test-failed = `{ $name }` の接続テストに失敗しました
cli-doctor-failed = 失敗したチェックがあります（FAIL の行ごとに対処法があります）
cli-doctor-head = 設定 { $config }、データ { $data }
cli-doctor-fix = 対処: { $fix }
cli-demo-needs-terminal = `shipdeck demo` は端末で実行してください

## 店舗登録フォームの項目

form-title = 店舗の登録（Tab 移動、Ctrl-s 保存・テスト、Esc 閉じる）
form-site = サイト (←/→)
form-save-test = 保存して接続テスト
form-get-auth = 認証キー発行 / 再発行
form-get-auth-hint = 店舗の QSM ログインで Qoo10 に認証キーを要求します（再発行用に伏せて保存）
form-need-login = 先に QSM ID とパスワードを入力してください
field-name = shipdeck での名前
field-shop-id = サイトの販売者ID
field-api-base = API ベース URL（空欄: サイト既定）
field-seller-key = 販売者認証キー（発行済）
field-key-expires = キー有効期限 (YYYY-MM-DD)
field-qsm-user-id = QSM ログインID（キー発行用）
field-qsm-password = QSM パスワード（キー発行用）
field-ship-days = 発送予定日までの営業日数（既定 1）
field-api-key = API キー
field-account-number = 取引先番号 (trNo)
field-company-code = 会社コード
field-access-key = アクセスキー
field-secret-key = シークレットキー
cli-not-of-form = { $what } `{ $arg }` が { $form } の形式ではありません
cli-not-utf8 = { $file }: UTF-8 テキストではありません（{ $error }）
cli-row-error = { $file }: { $row }行目: { $error }
cli-tracking-fields = { $file }: { $row }行目: 3項目（注文キー、配送会社、追跡番号）が必要ですが { $n }項目です
cli-tracking-bad-key = { $file }: { $row }行目、1項目目（注文キー）: { $error }
cli-tracking-no-carrier = { $file }: { $row }行目、2項目目（配送会社）: 空です
cli-tracking-bad-number = { $file }: { $row }行目、3項目目（追跡番号）: { $error }
cli-nothing-recorded = 何も記録していません:
cli-no-tracking-rows = { $file }: 追跡番号の行がありません
cli-stdin-unreadable = --set { $field }=-: 標準入力を読めません: { $error }
cli-stdin-ended = --set { $field }=-: 値の前に標準入力が終わりました（1行で入力してください）
cli-stdin-not-utf8 = --set { $field }=-: 値が UTF-8 テキストではありません
cli-secret-on-command-line = 秘密の値 `{ $field }` がコマンドラインで指定されました。実行中は他のローカルユーザーから見え、シェル履歴にも残ります。次回は --set { $field }=-（標準入力から読む）または --secret-file { $field }=パス を使ってください

## SKU 取込・書き出しの報告

problem-sheet = シート { $sheet }
problem-row = { $row }行目
problem-column = { $column }列
import-head = { $file }（{ $format }）: { $rows }行
import-skus = SKU: 新規 { $new }、変更 { $changed }、変更なし { $unchanged }
import-mappings = 紐付け: 新規 { $new }、変更 { $changed }、変更なし { $unchanged }
import-matching = 紐付け { $n }行が注文明細と照合される方法: { $rule }
import-warning = 警告: { $problem }
import-error = エラー: { $problem }
import-applied = 反映しました。注文 { $reresolved }件を再判定、{ $released }件の保留を解除
import-dry-run = 未反映（dry run）
import-nothing-written = 何も書き込んでいません: エラー { $n }件
export-head = { $file }: SKU { $skus }件、紐付け { $mappings }件
export-mismatches = 未解決の未紐付け { $n }件は { $file } に
rule-product-code = 商品コードで
rule-option-code = オプションコードで
rule-option-and-product-code = オプションコードで（明細の商品コードが指定のものである場合）
rule-crossmall = Crossmall の商品番号・商品名・オプション文字列で

## shipdeck doctor

doc-config-example = すべてのキーは assets/config.example.toml を参照
doc-cannot-read-shops = 店舗を読み込めません: { $error }
doc-fix-shops-list = `shipdeck shops list` でエラー全文を確認してください
doc-no-runtime = 非同期ランタイムを起動できません: { $error }
doc-fix-ulimit = プロセスの制限（ulimit -u, -n）を確認してください
doc-db-unreadable = データベースを読めませんでした（上記参照）
doc-no-config = { $file } に設定ファイルがありません（サイトが連携キーを必要とするまでは不要）
doc-cannot-read = { $file } を読めません: { $error }
doc-fix-config-readable = このユーザーが読めるようにするか、--config / SHIPDECK_CONFIG で正しいファイルを指定してください。{ $example }
doc-config-parses = { $file } の読み込み正常
doc-fix-config-line = その行を修正してください。{ $example }
doc-config-readable-by-others = { $file } は他のユーザーが読めます（モード { $mode }）。連携の秘密キーが含まれています
doc-config-other-owner = { $file } の所有者はこのユーザーではなく uid { $uid } です
doc-config-private = モード 0600、このユーザーの所有
doc-cannot-read-mode = { $file } のモードを読めません: { $error }
doc-no-database = { $dir } にデータベースがありません
doc-fix-no-database = 最初に使うコマンド（例: `shipdeck shops add …`）が作成します。または --data-dir / SHIPDECK_DATA_DIR で既存の場所を指定してください
doc-database-ok = { $dir }: スキーマバージョン { $version }、他のプロセスは使用していません
doc-database-schema = { $dir }: スキーマバージョン { $version }、この shipdeck が読めるのは { $ours }
doc-fix-schema = これを書いた shipdeck を使うか、この shipdeck を更新してください
doc-fix-restore = データディレクトリをバックアップから復元してください
doc-process = プロセス { $pid }（{ $cmd }）
doc-another-process = 別のプロセス
doc-stop-process = プロセス { $pid } を停止
doc-stop-other = 別の shipdeck を停止（db ファイルに `fuser -v` を使うと分かります）
doc-database-locked = { $dir } は { $who } がロックしています。sled は1つのデータベースに1プロセスしか許さないため、残りは確認できません
doc-fix-locked = { $stop }（ダッシュボードを終了、`sync` は Ctrl-C、または `systemctl stop shipdeck`）してから doctor を再実行してください
doc-fix-database-dir = ディレクトリの所有者とモード（0700、このユーザー）を確認するか、--data-dir で別の場所を指定してください
doc-logs-ok = { $dir } は書き込み可能
doc-logs-unwritable = { $dir } に書き込めません: { $error }
doc-fix-logs = { $dir } をこのユーザーが書けるようにするか、SHIPDECK_LOG_DIR を書き込めるディレクトリにしてください
doc-no-shops = 店舗がまだありません（`shipdeck shops add …`）
doc-config-broken = 設定ファイルを読み込めません（上記参照）
doc-missing-esm = [esm] master_id と secret_key（{ $shops } に必要）
doc-missing-grip = [grip] service_id（{ $shops } に必要）
doc-missing-qoo10 = [qoo10] api_key、renew_user_id、renew_password（{ $shops } で auto_renew_key が有効）
doc-keys-none-needed = 使用中のサイトに必要なキーはありません
doc-keys-present = 使用中のサイトの { $keys } あり
doc-keys-missing = 不足: { $keys }
doc-fix-keys = { $file } に追加してください（chmod 600）。{ $example }
doc-clock-no-shops = 比較する店舗がありません（サイトの Date ヘッダー）
doc-no-http-client = HTTP クライアントを作れません: { $error }
doc-no-date-header = { $origin }（Date ヘッダーなし）
doc-no-site-answered = 応答したサイトがありません: { $sites }
doc-clock-behind = このマシンの時計は { $site } より { $span } 遅れています
doc-clock-ahead = このマシンの時計は { $site } より { $span } 進んでいます
doc-clock-ok = { $n }サイトと { $span } 以内
doc-not-reached = 接続できず: { $sites }
doc-fix-clock = 時刻同期を有効にしてください（`timedatectl set-ntp true`、または chrony/ntpd）。Grip は10分以上ずれた署名付きリクエストを拒否し、ESM はトークンの `iat` を確認します
doc-span-min = { $n }分
doc-span-s = { $n }秒
doc-fix-tls = このマシンの TLS 設定を確認してください
doc-shop-ok = { $site }: 接続正常 — { $message }
doc-shop-timeout = { $site }: { $secs }秒以内に応答なし
doc-fix-network = ネットワークと店舗の API アドレス（{ $url }）を確認し、`shipdeck shops test { $shop }` を実行してください
doc-fix-auth = サイトが店舗のキーを拒否しました。セラー管理画面からキーをコピーし直し、`shipdeck shops edit { $shop } --set 項目=値` の後 `shipdeck shops test { $shop }` を実行してください
doc-fix-key-expired = 販売者キーの期限が切れました。新しく発行してください（ダッシュボードの `:shop renew { $shop }`、または `shipdeck shops edit { $shop } --set seller_key=…`）
doc-fix-missing-setting = 不足している設定を追加してください（連携キーの行を参照）。{ $example }
doc-fix-rate-limited = サイトが呼び出しを制限しています。1分後に `shipdeck shops test { $shop }` を実行してください
doc-pushes-ok = 待機なし、失敗なし
doc-pushes-failed = 失敗 { $n }件
doc-fix-pushes-failed = `shipdeck pushes list --state failed` でサイトの応答を読み、原因を直してから `shipdeck pushes retry ID…` を実行してください
doc-pushes-pending = エンジン停止中の待機 { $n }件
doc-fix-pushes-pending = `shipdeck sync --once` で待機中の送信を送ります（またはダッシュボード / `shipdeck sync` を起動）
doc-cannot-count-pushes = 送信件数を数えられません: { $error }
doc-fix-pushes-list = `shipdeck pushes list` でエラー全文を確認してください
doc-mismatches-ok = すべての注文明細が SKU に紐付いています
doc-mismatches = 注文明細 { $n }件に SKU がありません（その注文は保留中）
doc-fix-mismatches = ダッシュボード（画面3、Enter）で紐付けるか、コードを記したシートを `shipdeck sku import` で取り込んでください
doc-cannot-count-mismatches = 未紐付けの件数を数えられません: { $error }
doc-fix-sku-export = `shipdeck sku export ファイル` でエラー全文を確認してください

## ストアと設定のエラー

err-db-locked = { $path } のデータベースは別の shipdeck プロセスが使用中です（sled は1つのデータベースに1プロセスのみ）
err-config-read = 設定ファイル { $path } を読めません: { $error }
err-config-parse = 設定ファイル { $path }、{ $line }行目: { $message }
demo-starting = デモを起動中
cli-sku-import-failed = { $file }: エラー { $n }件、何も書き込んでいません
item-ok = 完了
item-fail = 失敗

## 端末の進捗表示（ログは英語のまま）

progress-pulling = { $n }店舗を取込中
progress-shop-pulled = { $shop }: 新規 { $new }件
progress-shop-pulled-errors = { $shop }: 新規 { $new }件、エラー { $errors }件
progress-sending-pushes = 送信中（待機 { $n }件）
progress-sync-done = { $shops }店舗を取込、送信完了 { $done }件、失敗 { $failed }件
progress-recording = 荷物 { $n }件を記録中
progress-issuing = 送り状 { $n }件を発行中
progress-sending-command = コマンドを送信中
progress-items-done = { $items }件処理、送信完了 { $done }件、失敗 { $failed }件
progress-import-applied = { $rows }行、エラー { $errors }件、反映済み
progress-import-not-written = { $rows }行、エラー { $errors }件、書き込みなし
progress-writing = { $file } を書き出し中
cli-engine-open-failed = エンジンを開けませんでした: { $error }
cli-dashboard-failed = ダッシュボード: { $error }
cli-no-temp-dir = 一時データディレクトリを作れません: { $error }
cli-cannot-listen = 127.0.0.1 で待ち受けできません: { $error }
cli-no-simulator = シミュレーターを起動できません: { $error }
keyname-type = 入力

## 店舗画面のオプション（略称）

opt-order-integration = 取込
opt-order-confirmation = 受注確認
opt-fulfillment-instructions = 出荷指示
opt-stock-sync = 在庫
opt-qxmoney-payment = Qxmoney
opt-auto-renew-key = キー更新
warn-config-readable = 設定ファイル { $path } には秘密キーがありますが、他のユーザーが読めます。実行: chmod 600 { $path }
warn-config-renew-login = 設定ファイル { $path }: [qoo10] renew_user_id / renew_password は無視されます（1つのログインで全店舗のキーは更新できません）。Qoo10 店舗ごとにログインを設定してください: shipdeck shops edit 名前 --set qsm_user_id=… --set qsm_password=…

# The audit trail (:audit).
audit-none = 監査ログはありません
audit-title = 監査ログ（新しい順、{ $n }件）

# shipdeck audit and shipdeck serve.
cli-audit-since-bad = --since `{ $value }`: 日付（2026-12-01）、日時（2026-12-01T09:00:00Z）または期間（30m、12h、7d）を指定してください
cli-audit-when = 日時
cli-audit-user = ユーザー
cli-audit-role = 役割
cli-audit-action = 操作
cli-audit-detail = 内容
cli-audit-result = 結果
cli-serve-already = { $socket } ですでにエンジンが応答しています
cli-serve-serving = エンジンが { $data } を { $socket } で提供しています。SIGTERM または Ctrl-C で停止します
cli-serve-stopped = エンジンを停止しました
