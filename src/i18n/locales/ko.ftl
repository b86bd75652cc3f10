# shipdeck — 한국어 메시지. en.ftl과 같은 메시지 ID와 같은 자리표시자를 가져야 합니다.

## 패널, 제목 표시줄, 상태 표시줄

pane-shops = 쇼핑몰
pane-orders = 주문
pane-mismatches = 매칭 오류
pane-pushes = 전송
too-small = 터미널이 너무 작습니다: { $w }×{ $h } (최소 { $min_w }×{ $min_h } 필요)
ago-s = { $n }초 전
ago-m = { $n }분 전
ago-h = { $n }시간 전
ago-d = { $n }일 전
due = 지금
in-s = { $n }초 후
in-m = { $n }분 후
in-h = { $n }시간 후
soon = 곧
engine-starting = 엔진: 시작 중…
engine-running = 엔진: 실행 중
synced-ago = { $ago } 동기화
not-synced = 아직 동기화 안 됨
status-pending-pushes = 전송 대기 { $n }건
status-failed-pushes = 실패 { $n }건
status-shops-in-error = 오류 쇼핑몰 { $n }곳
status-mismatches = 매칭 오류 { $n }건
status-marked = { $n }건 선택
status-all-marked = 조건에 맞는 전체 선택
bulk-cancelled = 발주확인 취소됨: { $done }건 전송, { $dropped }건 폐기
bulk-finished = 발주확인 { $queued }건 중 { $done }건 완료, { $failed }건 실패
bulk-queuing = 발주확인 중: 대기열 { $queued }/{ $total }, 전송 { $done }
bulk-sending = 발주확인 중: 전송 { $done }/{ $queued }, 실패 { $failed }
input-hint = Enter 적용 · Esc 닫기
title-with-filter = { $title } — 필터: { $filter }
loading = 불러오는 중…

## 주문 상태, 보류 사유, 쇼핑몰 상태, 전송 종류

status-collected = 신규주문
status-confirmed = 발주확인
status-instructed = 출고지시
status-received = 입고
status-shipped = 출고완료
status-delivered = 배송완료
status-held = 보류
status-cancelled = 취소
state-held = 보류({ $reason }) — { $stage } 단계
hold-unmapped-SKU = SKU 미매칭
hold-needs-manual-shipping-order = 수동 출고 처리 필요
hold-push-failed = 전송 실패
hold-shop-auth-failed = 쇼핑몰 인증 실패
hold-other-tracking-on-the-site = 사이트에 다른 송장번호
health-unknown = 미확인
health-ok = 정상
health-auth-failed = 인증 실패
health-error = 오류
health-paused = 일시정지
push-kind-confirm = 발주확인
push-kind-ship = 송장전송
push-kind-stock = 재고
sku-ok = 정상
sku-pending = 확인 중
sku-unmapped = { $n }개 미매칭

## 주문

orders-title = 주문 — { $tab } ({ $n })
orders-title-capped = 주문 — { $tab } (최근 { $scanned }건 검색 중 { $n }건 일치, 이전 주문은 필터를 좁혀 주세요)
orders-title-searched = 주문 — { $tab } ({ $n }건 일치, 전체 { $scanned }건 검색)
orders-title-searching = 주문 — { $tab } (지금까지 { $n }건 일치, 탭 전체 검색 중…)
orders-empty = 이 상태의 주문이 없습니다
col-order-no = 주문번호
col-site = 사이트
col-shop = 쇼핑몰
col-ordered = 주문일시
col-qty = 수량
col-status = 상태
col-sku = SKU

## 쇼핑몰

shops-title = 쇼핑몰 ({ $n })
shops-empty = 등록된 쇼핑몰이 없습니다 — `:shop add`로 추가하세요
col-name = 이름
col-shop-id = 판매자 ID
col-health = 상태
col-last-pull = 최근 수집
col-next = 다음
col-errors = 오류
col-options = 옵션

## 매칭 오류

mismatches-title = 매칭 오류 ({ $n }) — Enter로 SKU 매칭
mismatches-empty = 매칭 오류가 없습니다
none-close = (유사 항목 없음)
no-code-on-line = (상품코드 없음)
col-order = 주문
col-line = 품목
col-site-code = 사이트 코드
col-product-option = 상품 / 옵션
col-candidates = 후보 SKU

## 전송

pushes-title = 전송 ({ $n }) — r로 선택 항목 재시도
pushes-empty = 전송 내역이 없습니다
push-stock-of = { $sku } 재고
push-failed = 실패: { $error }
push-retry = { $when } 재시도 — { $error }
push-pending = 대기, { $when }
push-done = 완료: { $note }
push-accepted = 접수됨
push-dropped = 폐기: { $note }
col-id = ID
col-kind = 종류
col-tracking = 택배사 / 송장번호
col-tries = 시도
col-result = 결과

## 대화상자

confirm-title = 발주확인
confirm-hidden = 그중 { $n }건은 현재 필터/탭에 보이지 않습니다.
confirm-all-in-view = 모두 화면에 있습니다.
confirm-counting = { $status } 주문 전체를 발주확인 — 세는 중…
confirm-counting-matching = { $filter }에 맞는 { $status } 주문 전체를 발주확인 — 세는 중…
confirm-marked = { $n ->
   *[other] 선택한 주문 { $n }건을 각 사이트에서 발주확인할까요?
}
confirm-more-shops = … 외 { $n }곳
confirm-keys = Tab 전환 · Enter 선택 · Esc 취소
button-cancel = 취소
button-confirm = 발주확인
details-title-scroll = { $title } ({ $from }-{ $to } / { $of }, j/k 스크롤)
map-title = 품목을 SKU에 매칭
map-order = 주문
map-code = 코드
map-item = 품목
map-looking = 후보를 찾는 중…
map-none-close = 유사한 후보 없음: SKU 코드를 입력하세요
map-or-type = 또는 SKU 입력:
map-keys = ↑/↓ 선택 · Enter 매칭 · Esc 닫기

## 도움말

help-title = 키 (Esc 닫기)
help-title-scroll = 키 { $from }-{ $to } / { $of } (j/k PgDn 스크롤, Esc 닫기)
help-in-pane = { $pane } 화면
help-in-dialogs = 대화상자
help-in-bars = 필터(/) · 명령(:) 입력줄
help-commands = 명령 (:)
help-dialog-switch = 버튼 전환 (발주확인)
help-dialog-enter = 선택 (발주확인), 품목 매칭 (매칭), 닫기 (상세)
help-dialog-choose = 추천 SKU 선택 (매칭)
help-dialog-type = SKU 코드 입력 (매칭)
help-dialog-scroll = 스크롤 (상세, 도움말)
help-dialog-esc = 대화상자 닫기
help-input-enter = 적용 (필터는 입력하는 대로 적용)
help-input-backspace = 한 글자 지우기
help-input-esc = 입력줄 닫기 (한 번 더 Esc: 필터 지우기)
help-cmd-orders = 주문 화면, 해당 상태 탭
help-cmd-panes = 해당 화면
help-cmd-accept = 보류 주문의 사이트 출고를 그대로 반영
help-cmd-shop-add = 쇼핑몰 등록 양식
help-cmd-shop-renew = Qoo10 판매자 키 재발급
help-cmd-sku-import = SKU와 매칭 가져오기
help-cmd-sku-export = 상품 목록 내보내기
help-cmd-cancel = 진행 중인 일괄 발주확인 중지
help-cmd-audit = 감사 기록, 최신순 (한 사용자만)
help-cmd-pull = 모든 쇼핑몰 지금 수집
help-cmd-help = 이 도움말
help-cmd-quit = 종료
action-quit = 종료
action-help = 도움말
action-back = 뒤로
action-down = 아래
action-up = 위
action-top = 첫 행
action-bottom = 마지막 행
action-page-down = 다음 페이지
action-page-up = 이전 페이지
action-next-pane = 다음 화면
action-prev-pane = 이전 화면
action-pane-shops = 쇼핑몰
action-pane-orders = 주문
action-pane-mismatches = 매칭 오류
action-pane-pushes = 전송
action-next-tab = 다음 상태
action-prev-tab = 이전 상태
action-filter = 필터
action-command = 명령
action-mark = 선택
action-mark-range = 범위 선택
action-mark-all = 전체 선택
action-confirm = 선택 발주확인
action-retry = 선택 재시도
action-open = 열기 / 매칭
action-pull = 지금 수집
action-sort = 다음 열로 정렬
action-sort-reverse = 역순 정렬
action-copy = 키 복사
action-cancel-bulk = 일괄 발주확인 중지

## 알림

toast-query-failed = 조회 실패: { $error }
toast-items-done = { $ok }건 { $word }, { $failed }건 실패 — Enter로 상세 보기
word-confirmed = 발주확인
word-shipped-site-tracking = 사이트 송장번호로 출고
word-retried = 재시도
toast-bulk-queued = 발주확인 { $queued }건 대기열 추가 ({ $skipped }건 제외: 신규가 아니거나 이미 대기 중) — 진행 상황은 아래에
toast-mapping-saved = 매칭 저장: 주문 { $reresolved }건 재확인, { $released }건 보류 해제
toast-pulled = 쇼핑몰 { $shops }곳 수집: 신규 { $new }건, 오류 { $errors }건
toast-key-stored = { $name }: 새 판매자 키 저장됨
toast-no-bulk = 진행 중인 일괄 발주확인이 없습니다
toast-nothing-marked = 선택한 주문이 없습니다: Space로 선택하세요 (전체는 Ctrl-a)
toast-copied = { $what } 복사됨: { $text }
toast-nothing-to-copy = 복사할 항목 없음: 선택된 행이 없습니다
toast-warning = 경고: { $warning }
copy-order-number = 주문번호
copy-shop-name = 쇼핑몰 이름
copy-product-code = 상품코드
copy-option-code = 옵션코드
copy-crossmall-code = Crossmall 코드
copy-product-name = 상품명
copy-tracking-number = 송장번호
verb-confirm = 발주확인
verb-retry = 재시도
verb-mapping = 매칭
verb-pull = 수집
verb-add-shop = 쇼핑몰 등록
verb-test-shop = 연결 테스트
verb-renew-key = 키 재발급
verb-sku = SKU
verb-accept = 출고 반영
verb-cancel = 취소
search-stopped = 검색이 중지되었습니다
sku-imported = { $file } 가져옴 (보류 해제 { $released }건)
sku-import-errors = { $file }: 오류 { $n }건, 저장하지 않음
sku-import-dry-run = { $file }: 검사만 하고 적용하지 않음 (dry run)
sku-exported = { $file }(으)로 내보냄
usage-shop-renew = 사용법: :shop renew 이름 (Qoo10 쇼핑몰)
usage-accept = 사용법: :accept 쇼핑몰/주문번호 (또는 주문 화면에서 주문 선택)
usage-sku = 사용법: :sku { $verb } 경로
unknown-command = 알 수 없는 명령 `{ $command }` ({ $known }; ?로 목록 보기)
no-order-selected = 선택된 주문이 없습니다
nothing-to-map = 매칭할 항목 없음: SKU 코드를 입력하거나 추천 항목을 고르세요

## 쇼핑몰 등록 양식

form-saving = 저장하고 테스트하는 중…
form-asking-key = 사이트에 키를 요청하는 중…
form-saved-testing = { $name }(으)로 저장됨, 연결 테스트 중…
form-key-issued = 키 발급: { $key } (만료 { $expires }), 연결 테스트 중…
form-connection-ok = 연결 정상: { $message }
form-site-said = 사이트 응답: { $error }
opening-store = { $dir }에서 저장소를 여는 중
push-state-pending = 대기
push-state-done = 완료
push-state-failed = 실패
push-state-dropped = 폐기

## 명령줄 출력과 오류

cli-warning = 경고: { $warning }
cli-no-core-dump-off = 코어 덤프를 끌 수 없습니다: { $error }
cli-no-log-file = { $dir }에 로그 파일을 쓸 수 없습니다: { $error }
cli-not-name-value = { $what } `{ $arg }`은(는) 이름=값 형식이 아닙니다
cli-given-twice = { $what } `{ $name }`이(가) 두 번 지정되었습니다
cli-on-off = 옵션 `{ $name }`은(는) on 또는 off여야 합니다 (`{ $value }` 아님)
cli-unexpected-answer = 엔진이 예상치 못한 응답을 보냈습니다
cli-shop-added = 쇼핑몰 `{ $name }` 등록 완료 ({ $site } 판매자 { $id })
cli-no-shops = 등록된 쇼핑몰이 없습니다. `shipdeck shops add --name 이름 --site 사이트 --shop-id ID`로 추가하세요
cli-foreign-api-base = api_base { $base }은(는) { $site } 자체 호스트가 아닙니다
cli-shop-changed = 쇼핑몰 `{ $name }` 변경 완료
cli-no-such-shop = `{ $name }` 쇼핑몰이 없습니다
cli-shop-removed = 쇼핑몰 `{ $name }` 삭제 완료, 주문 { $kept }건은 그대로 유지됩니다
cli-col-name = 이름
cli-col-site = 사이트
cli-col-shop-id = 판매자 ID
cli-col-health = 상태
cli-col-options = 옵션
cli-col-order = 주문
cli-col-status = 상태
cli-col-ordered = 주문일시
cli-col-items = 수량
cli-col-sku = SKU
cli-col-id = ID
cli-col-kind = 종류
cli-col-state = 상태
cli-col-try = 시도
cli-col-result = 결과
cli-col-shop = 쇼핑몰
cli-col-new = 신규
cli-col-updated = 변경
cli-col-cancelled = 취소
cli-col-held = 보류
cli-col-queued = 대기열
cli-col-errors = 오류
cli-not-done = 처리 안 됨 — { $error }
cli-pushes-summary = 전송: 완료 { $done }건, 실패 { $failed }건, 대기 { $pending }건 (`shipdeck pushes list`로 확인)
cli-some-not-done = 처리되지 않은 항목이 있습니다 (위 참조)
cli-no-such-push = 없는 전송: { $ids }. 아무것도 처리하지 않았습니다
cli-no-such-order = 없는 주문: { $keys }. 아무것도 처리하지 않았습니다
cli-orders-count = 주문 { $total }건 중 { $shown }건
cli-orders-skipped = 읽을 수 없는 주문 기록 { $n }건을 건너뛰었습니다 (로그에 기록됨)
cli-unknown-push-state = 알 수 없는 전송 상태 `{ $state }` (pending, done, failed, dropped)
cli-summary-config = 설정
cli-summary-data = 데이터
cli-summary-logs = 로그
cli-summary-shops = 쇼핑몰
cli-summary-orders = 주문
cli-summary-not-present = (없음)
cli-summary-mismatches = 미해결 SKU 매칭 오류: { $n }건
cli-summary-help = 명령 목록은 `shipdeck --help`로 확인하세요.
cli-summary-engine = 엔진
cli-summary-attached = { $socket }에 { $who }({ $role })(으)로 연결됨
cli-sync-once-only = --shop, --from, --to는 --once와 함께 써야 합니다
cli-sync-running = 모든 쇼핑몰을 일정에 따라 동기화합니다. Ctrl-C로 중지
cli-sync-engine-running = { $socket }의 엔진이 이미 모든 쇼핑몰을 일정대로 동기화하고 있습니다 ({ $who })
cli-bad-date = 잘못된 날짜 { $date }: { $error }
cli-sync-pushes = 전송: 완료 { $done }건, 실패 { $failed }건, 재시도 { $retried }건, 폐기 { $dropped }건, 대기 { $pending }건
cli-sync-failed = 실패한 수집 또는 전송이 있습니다 (위 참조)
cli-connection-ok = 연결 정상
cli-connection-failed = 연결 실패
cli-connection-test-failed = `{ $name }` 연결 테스트 실패
cli-doctor-failed = 실패한 점검이 있습니다 (FAIL 줄마다 해결 방법이 있습니다)
cli-doctor-head = 설정 { $config }, 데이터 { $data }
cli-doctor-fix = 해결: { $fix }
cli-demo-needs-terminal = `shipdeck demo`는 터미널에서 실행해야 합니다

## 쇼핑몰 등록 양식의 항목

form-title = 쇼핑몰 등록 (Tab 이동, Ctrl-s 저장·테스트, Esc 닫기)
form-site = 사이트 (←/→)
form-save-test = 저장 후 연결 테스트
form-get-auth = 인증키 발급 / 재발급
form-get-auth-hint = 쇼핑몰의 QSM 로그인으로 Qoo10에 인증키를 요청합니다 (재발급용으로 가려서 보관)
form-need-login = QSM ID와 비밀번호를 먼저 입력하세요
field-name = shipdeck 내 이름
field-shop-id = 사이트의 판매자 ID
field-api-base = API 기본 URL (비우면 사이트 기본값)
field-seller-key = 판매자 인증키 (발급됨)
field-key-expires = 인증키 만료일 (YYYY-MM-DD)
field-qsm-user-id = QSM 로그인 ID (인증키 발급용)
field-qsm-password = QSM 비밀번호 (인증키 발급용)
field-ship-days = 발송 예정일까지 영업일 수 (기본 1)
field-api-key = API 키
field-account-number = 거래처 번호 (trNo)
field-company-code = 회사 코드 (会社コード)
field-access-key = 액세스 키
field-secret-key = 시크릿 키
cli-not-of-form = { $what } `{ $arg }`은(는) { $form } 형식이 아닙니다
cli-not-utf8 = { $file }: UTF-8 텍스트가 아닙니다 ({ $error })
cli-row-error = { $file }: { $row }행: { $error }
cli-tracking-fields = { $file }: { $row }행: 항목 3개(주문 키, 택배사, 송장번호)가 필요한데 { $n }개입니다
cli-tracking-bad-key = { $file }: { $row }행, 1번 항목(주문 키): { $error }
cli-tracking-no-carrier = { $file }: { $row }행, 2번 항목(택배사): 비어 있음
cli-tracking-bad-number = { $file }: { $row }행, 3번 항목(송장번호): { $error }
cli-nothing-recorded = 아무것도 기록하지 않았습니다:
cli-no-tracking-rows = { $file }: 송장 행이 없습니다
cli-stdin-unreadable = --set { $field }=-: 표준 입력을 읽을 수 없습니다: { $error }
cli-stdin-ended = --set { $field }=-: 값을 읽기 전에 표준 입력이 끝났습니다 (한 줄로 입력하세요)
cli-stdin-not-utf8 = --set { $field }=-: 값이 UTF-8 텍스트가 아닙니다
cli-secret-on-command-line = 비밀값 `{ $field }`을(를) 명령줄에 적었습니다. 실행 중에는 다른 로컬 사용자가 볼 수 있고 셸 기록에도 남습니다. 다음에는 --set { $field }=- (표준 입력에서 읽기) 또는 --secret-file { $field }=경로 를 쓰세요

## SKU 가져오기·내보내기 보고

problem-sheet = 시트 { $sheet }
problem-row = { $row }행
problem-column = { $column }열
import-head = { $file } ({ $format }): { $rows }행
import-skus = SKU: 신규 { $new }, 변경 { $changed }, 변경 없음 { $unchanged }
import-mappings = 매칭: 신규 { $new }, 변경 { $changed }, 변경 없음 { $unchanged }
import-matching = 매칭 행 { $n }개가 주문 품목과 맞춰지는 방식: { $rule }
import-warning = 경고: { $problem }
import-error = 오류: { $problem }
import-applied = 적용 완료, 주문 { $reresolved }건 재확인, { $released }건 보류 해제
import-dry-run = 적용하지 않음 (dry run)
import-nothing-written = 아무것도 저장하지 않음: 오류 { $n }건
export-head = { $file }: SKU { $skus }개, 매칭 { $mappings }개
export-mismatches = 미해결 매칭 오류 { $n }건은 { $file }에
rule-product-code = 상품코드로
rule-option-code = 옵션코드로
rule-option-and-product-code = 옵션코드로 (품목의 상품코드가 지정한 코드일 때)
rule-crossmall = Crossmall 상품번호·상품명·옵션 텍스트로

## shipdeck doctor

doc-config-example = 모든 키는 assets/config.example.toml 참고
doc-cannot-read-shops = 쇼핑몰을 읽을 수 없습니다: { $error }
doc-fix-shops-list = `shipdeck shops list`로 오류 전체를 확인하세요
doc-no-runtime = 비동기 런타임을 시작할 수 없습니다: { $error }
doc-fix-ulimit = 프로세스 제한(ulimit -u, -n)을 확인하세요
doc-db-unreadable = 데이터베이스를 읽을 수 없습니다 (위 참조)
doc-no-config = { $file }에 설정 파일이 없습니다 (사이트가 연동 키를 요구할 때까지는 필요 없음)
doc-cannot-read = { $file }을(를) 읽을 수 없습니다: { $error }
doc-fix-config-readable = 이 사용자가 읽을 수 있게 하거나 --config / SHIPDECK_CONFIG로 올바른 파일을 지정하세요. { $example }
doc-config-parses = { $file } 읽기 정상
doc-fix-config-line = 해당 줄을 고치세요. { $example }
doc-config-readable-by-others = { $file }을(를) 다른 사용자가 읽을 수 있습니다 (권한 { $mode }). 연동 비밀키가 들어 있습니다
doc-config-other-owner = { $file }의 소유자가 이 사용자가 아닌 uid { $uid }입니다
doc-config-private = 권한 0600, 이 사용자 소유
doc-cannot-read-mode = { $file }의 권한을 읽을 수 없습니다: { $error }
doc-no-database = { $dir }에 데이터베이스가 없습니다
doc-fix-no-database = 처음 사용하는 명령(예: `shipdeck shops add …`)이 만듭니다. 또는 --data-dir / SHIPDECK_DATA_DIR로 기존 위치를 지정하세요
doc-database-ok = { $dir }: 스키마 버전 { $version }, 다른 프로세스가 사용하지 않음
doc-database-schema = { $dir }: 스키마 버전 { $version }, 이 shipdeck은 { $ours } 버전을 읽습니다
doc-fix-schema = 이 데이터를 쓴 shipdeck을 실행하거나 이 shipdeck을 업그레이드하세요
doc-fix-restore = 백업에서 데이터 디렉터리를 복원하세요
doc-process = 프로세스 { $pid } ({ $cmd })
doc-another-process = 다른 프로세스
doc-stop-process = 프로세스 { $pid }를 멈추세요
doc-stop-other = 다른 shipdeck을 멈추세요 (db 파일에 `fuser -v`를 쓰면 알 수 있습니다)
doc-database-locked = { $dir }을(를) { $who }이(가) 잠그고 있습니다. sled는 데이터베이스 하나에 프로세스 하나만 허용하므로 나머지는 점검할 수 없습니다
doc-fix-locked = { $stop } (대시보드 종료, `sync`는 Ctrl-C, 또는 `systemctl stop shipdeck`) 후 doctor를 다시 실행하세요
doc-fix-database-dir = 디렉터리 소유자와 권한(0700, 이 사용자)을 확인하거나 --data-dir로 다른 곳을 지정하세요
doc-logs-ok = { $dir } 쓰기 가능
doc-logs-unwritable = { $dir }에 쓸 수 없습니다: { $error }
doc-fix-logs = { $dir }을(를) 이 사용자가 쓸 수 있게 하거나 SHIPDECK_LOG_DIR을 쓸 수 있는 디렉터리로 지정하세요
doc-no-shops = 등록된 쇼핑몰이 없습니다 (`shipdeck shops add …`)
doc-config-broken = 설정 파일을 읽을 수 없습니다 (위 참조)
doc-missing-esm = [esm] master_id와 secret_key ({ $shops }에 필요)
doc-missing-grip = [grip] service_id ({ $shops }에 필요)
doc-missing-qoo10 = [qoo10] api_key, renew_user_id, renew_password ({ $shops }에 auto_renew_key가 켜져 있음)
doc-keys-none-needed = 사용 중인 사이트에 필요한 키 없음
doc-keys-present = 사용 중인 사이트의 { $keys } 있음
doc-keys-missing = 없음: { $keys }
doc-fix-keys = { $file }에 추가하세요 (chmod 600). { $example }
doc-clock-no-shops = 비교할 쇼핑몰이 없습니다 (사이트의 Date 헤더)
doc-no-http-client = HTTP 클라이언트를 만들 수 없습니다: { $error }
doc-no-date-header = { $origin } (Date 헤더 없음)
doc-no-site-answered = 응답한 사이트가 없습니다: { $sites }
doc-clock-behind = 이 컴퓨터의 시계가 { $site }보다 { $span } 느립니다
doc-clock-ahead = 이 컴퓨터의 시계가 { $site }보다 { $span } 빠릅니다
doc-clock-ok = 사이트 { $n }곳과 { $span } 이내
doc-not-reached = 연결 안 됨: { $sites }
doc-fix-clock = 시간 동기화를 켜세요 (`timedatectl set-ntp true`, 또는 chrony/ntpd). Grip은 10분 넘게 어긋난 서명 요청을 거부하고 ESM은 토큰의 `iat`를 확인합니다
doc-span-min = { $n }분
doc-span-s = { $n }초
doc-fix-tls = 이 컴퓨터의 TLS 설정을 확인하세요
doc-shop-ok = { $site }: 연결 정상 — { $message }
doc-shop-timeout = { $site }: { $secs }초 안에 응답 없음
doc-fix-network = 네트워크와 쇼핑몰 API 주소({ $url })를 확인한 뒤 `shipdeck shops test { $shop }`를 실행하세요
doc-fix-auth = 사이트가 쇼핑몰 키를 거부했습니다. 판매자 센터에서 키를 다시 복사해 `shipdeck shops edit { $shop } --set 항목=값`을 실행한 뒤 `shipdeck shops test { $shop }`를 실행하세요
doc-fix-key-expired = 판매자 키가 만료되었습니다. 새로 발급하세요 (대시보드 `:shop renew { $shop }` 또는 `shipdeck shops edit { $shop } --set seller_key=…`)
doc-fix-missing-setting = 빠진 설정을 추가하세요 (연동 키 줄 참조). { $example }
doc-fix-rate-limited = 사이트가 호출을 제한하고 있습니다. 1분 뒤 `shipdeck shops test { $shop }`를 실행하세요
doc-pushes-ok = 대기 없음, 실패 없음
doc-pushes-failed = 실패 { $n }건
doc-fix-pushes-failed = `shipdeck pushes list --state failed`로 사이트 응답을 읽고 원인을 고친 뒤 `shipdeck pushes retry ID…`를 실행하세요
doc-pushes-pending = 엔진이 돌지 않는 상태로 대기 { $n }건
doc-fix-pushes-pending = `shipdeck sync --once`가 대기 중인 전송을 보냅니다 (또는 대시보드 / `shipdeck sync` 실행)
doc-cannot-count-pushes = 전송 건수를 셀 수 없습니다: { $error }
doc-fix-pushes-list = `shipdeck pushes list`로 오류 전체를 확인하세요
doc-mismatches-ok = 모든 주문 품목이 SKU에 매칭되어 있습니다
doc-mismatches = 주문 품목 { $n }개에 SKU가 없습니다 (해당 주문은 보류 중)
doc-fix-mismatches = 대시보드(3번 화면, Enter)에서 매칭하거나, 코드가 담긴 시트를 `shipdeck sku import`로 가져오세요
doc-cannot-count-mismatches = 매칭 오류 건수를 셀 수 없습니다: { $error }
doc-fix-sku-export = `shipdeck sku export 파일`로 오류 전체를 확인하세요

## 저장소와 설정 오류

err-db-locked = { $path }의 데이터베이스를 다른 shipdeck 프로세스가 사용 중입니다 (sled는 데이터베이스 하나에 프로세스 하나만 허용)
err-config-read = 설정 파일 { $path }을(를) 읽을 수 없습니다: { $error }
err-config-parse = 설정 파일 { $path }, { $line }번째 줄: { $message }
demo-starting = 데모를 시작하는 중
cli-sku-import-failed = { $file }: 오류 { $n }건, 아무것도 저장하지 않았습니다
item-ok = 완료
item-fail = 실패

## 터미널 진행 표시 (로그는 영어 유지)

progress-pulling = 쇼핑몰 { $n }곳 수집 중
progress-shop-pulled = { $shop }: 신규 { $new }건
progress-shop-pulled-errors = { $shop }: 신규 { $new }건, 오류 { $errors }건
progress-sending-pushes = 전송 중 (대기 { $n }건)
progress-sync-done = 쇼핑몰 { $shops }곳 수집, 전송 완료 { $done }건, 실패 { $failed }건
progress-recording = 택배 { $n }건 기록 중
progress-issuing = 운송장 { $n }건 발행 중
progress-sending-command = 명령 보내는 중
progress-items-done = { $items }건 처리, 전송 완료 { $done }건, 실패 { $failed }건
progress-import-applied = { $rows }행, 오류 { $errors }건, 적용 완료
progress-import-not-written = { $rows }행, 오류 { $errors }건, 저장 안 함
progress-writing = { $file } 쓰는 중
cli-engine-open-failed = 엔진을 열지 못했습니다: { $error }
cli-dashboard-failed = 대시보드: { $error }
cli-no-temp-dir = 임시 데이터 디렉터리를 만들 수 없습니다: { $error }
cli-cannot-listen = 127.0.0.1에서 대기할 수 없습니다: { $error }
cli-no-simulator = 시뮬레이터를 시작할 수 없습니다: { $error }
keyname-type = 입력

## 쇼핑몰 화면의 옵션 (줄임말)

opt-order-integration = 수집
opt-order-confirmation = 발주확인
opt-fulfillment-instructions = 출고지시
opt-stock-sync = 재고
opt-qxmoney-payment = 큐머니
opt-auto-renew-key = 키갱신
warn-config-readable = 설정 파일 { $path }에 비밀키가 있는데 다른 사용자가 읽을 수 있습니다. 실행: chmod 600 { $path }
warn-config-renew-login = 설정 파일 { $path }: [qoo10] renew_user_id / renew_password는 무시됩니다 (로그인 하나로 모든 쇼핑몰의 키를 갱신할 수 없음). Qoo10 쇼핑몰마다 로그인을 지정하세요: shipdeck shops edit 이름 --set qsm_user_id=… --set qsm_password=…

# The audit trail (:audit).
audit-none = 감사 기록이 없습니다
audit-title = 감사 기록, 최신순 ({ $n }건)

# shipdeck audit and shipdeck serve.
cli-audit-since-bad = --since `{ $value }`: 날짜(2026-12-01), 시각(2026-12-01T09:00:00Z) 또는 기간(30m, 12h, 7d)을 지정하세요
cli-audit-when = 시각
cli-audit-user = 사용자
cli-audit-role = 역할
cli-audit-action = 작업
cli-audit-detail = 내용
cli-audit-result = 결과
cli-serve-already = { $socket }에서 이미 엔진이 응답하고 있습니다
cli-serve-serving = 엔진이 { $data }를 { $socket }에서 제공하고 있습니다. SIGTERM 또는 Ctrl-C로 중지합니다
cli-serve-stopped = 엔진이 중지되었습니다
