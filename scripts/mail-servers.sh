#!/usr/bin/env bash
# Real mail servers for the tests, on 127.0.0.1 only: Dovecot (IMAP, IMAPS, POP3, POP3S, LMTP) and
# Postfix (submission with STARTTLS and AUTH, SMTPS), delivering into Dovecot over LMTP and unable
# to send mail anywhere else. Everything lives under $EMAILRA_MAIL_DIR (default /tmp/emailra-mail).
#
#   scripts/mail-servers.sh start     install the Debian packages if missing, configure, start, wait
#   scripts/mail-servers.sh stop [dovecot|postfix]   stop both, or one
#   scripts/mail-servers.sh status    say what runs
#   scripts/mail-servers.sh kick USER  Dovecot ends USER's sessions (doveadm kick), as an operator would
#   scripts/mail-servers.sh reset     stop both, empty every mailbox and Postfix's log
#
# Needs root (apt-get, the servers' privilege separation). Test data only: throw-away CA, plain passwords.
set -euo pipefail

DIR=${EMAILRA_MAIL_DIR:-/tmp/emailra-mail}
DOMAIN=emailra.test
IMAP=10143 IMAPS=10993 POP3=10110 POP3S=10995 SUBMISSION=10587 SMTPS=10465 PLAIN_SMTP=10025 PLAIN_SMTP_DATA=10026 LMTP=10024 OAUTH2_INTROSPECTION=10080
STORE_PASSWORD=changeit
USERS="alice bob carol dave"

log() { printf 'mail-servers: %s\n' "$*" >&2; }

# Postfix reports start-up errors only to a terminal: give it one.
on_terminal() { script -qec "$*" /dev/null >&2; }

install_packages() {
    if command -v dovecot >/dev/null && command -v postfix >/dev/null \
        && [ -e /usr/lib/dovecot/imap ] && [ -e /usr/lib/dovecot/pop3 ] && [ -e /usr/lib/dovecot/lmtp ]; then
        return
    fi
    log "installing dovecot and postfix from Debian's packages"
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        dovecot-imapd dovecot-pop3d dovecot-lmtpd postfix openssl >/dev/null
}

ensure_vmail_user() {
    id vmail >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin vmail
}

# A CA and a certificate for localhost / 127.0.0.1, and a PKCS12 trust store holding the CA for Java.
make_certificates() {
    local ca=$DIR/ca
    [ -s "$ca/truststore.p12" ] && return
    mkdir -p "$ca"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=emailra test CA" \
        -keyout "$ca/ca.key" -out "$ca/ca.crt" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
        -keyout "$ca/server.key" -out "$ca/server.csr" 2>/dev/null
    printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' > "$ca/server.ext"
    openssl x509 -req -in "$ca/server.csr" -CA "$ca/ca.crt" -CAkey "$ca/ca.key" -CAcreateserial \
        -days 3650 -extfile "$ca/server.ext" -out "$ca/server.crt" 2>/dev/null
    chmod 0644 "$ca/server.key"
    keytool -importcert -noprompt -alias emailra-test-ca -file "$ca/ca.crt" \
        -keystore "$ca/truststore.p12" -storetype PKCS12 -storepass "$STORE_PASSWORD" >/dev/null 2>&1
}

# A login service with a plain (STARTTLS) and an implicit-TLS listener, on 127.0.0.1 and 127.0.0.2
# (the wrong-host-name test connects to 127.0.0.2, which the certificate does not name).
login_service() {
    cat <<EOF
service $1-login {
  inet_listener $1 {
    address = 127.0.0.1, 127.0.0.2
    port = $2
  }
  inet_listener ${1}s {
    address = 127.0.0.1, 127.0.0.2
    port = $3
    ssl = yes
  }
}
EOF
}

configure_dovecot() {
    local d=$DIR/dovecot
    mkdir -p "$d/run" "$DIR/mail"
    chown vmail:vmail "$DIR/mail"
    : > "$d/users"
    for user in $USERS; do
        echo "$user@$DOMAIN:{PLAIN}$user-secret:$(id -u vmail):$(id -g vmail)::$DIR/mail/$user::" >> "$d/users"
    done
    chmod 0644 "$d/users"
    cat > "$d/oauth2.conf.ext" <<EOF
introspection_mode = post
introspection_url = http://127.0.0.1:$OAUTH2_INTROSPECTION/introspect
username_attribute = username
active_attribute = active
active_value = true
EOF
    cat > "$d/dovecot.conf" <<EOF
protocols = imap pop3 lmtp
listen = 127.0.0.1
base_dir = $d/run
state_dir = $d/state
log_path = $d/dovecot.log
auth_verbose = yes
ssl = yes
ssl_cert = <$DIR/ca/server.crt
ssl_key = <$DIR/ca/server.key
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = no
auth_mechanisms = plain login xoauth2 oauthbearer
mail_location = maildir:~/Maildir
first_valid_uid = $(id -u vmail)
# Debian's limits as shipped (mail_max_userip_connections = 10, default_process_limit = 100): the
# tests meet the server users run.
passdb {
  driver = passwd-file
  mechanisms = plain login
  args = scheme=PLAIN username_format=%u $d/users
}
# XOAUTH2 tokens are checked by an introspection endpoint that the tests run on 127.0.0.1.
passdb {
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = $d/oauth2.conf.ext
}
userdb {
  driver = passwd-file
  args = username_format=%u $d/users
}
$(login_service imap $IMAP $IMAPS)
$(login_service pop3 $POP3 $POP3S)
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = $LMTP
  }
}
service auth {
  unix_listener auth-postfix {
    mode = 0666
  }
}
protocol lmtp {
  postmaster_address = postmaster@$DOMAIN
}
# A server without MOVE, UIDPLUS and CONDSTORE, as some are: what a client that connects to 127.0.0.2 is told
# after login (Dovecot's own list less those three and QRESYNC), for the tests of the clients' fallbacks.
local 127.0.0.2 {
  protocol imap {
    imap_capability = $IMAP_LIMITED
  }
}
EOF
}

IMAP_LIMITED="IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT SORT=DISPLAY THREAD=REFERENCES \
THREAD=REFS THREAD=ORDEREDSUBJECT MULTIAPPEND URL-PARTIAL CATENATE UNSELECT CHILDREN NAMESPACE LIST-EXTENDED \
I18NLEVEL=1 ESEARCH ESORT SEARCHRES WITHIN CONTEXT=SEARCH LIST-STATUS BINARY LITERAL+"

configure_postfix() {
    # Configuration, queue and data in separate directories, owned as Postfix's checks expect.
    local p=$DIR/postfix
    mkdir -p "$p/etc" "$p/spool" "$p/lib"
    chown postfix "$p/lib"
    : > "$p/etc/mailboxes"
    for user in $USERS; do echo "$user@$DOMAIN OK" >> "$p/etc/mailboxes"; done
    # sink@: accepted like any mailbox, then discarded by Postfix itself; the benchmarks send to it to
    # measure the submission path rather than Dovecot's delivery.
    echo "sink@$DOMAIN OK" >> "$p/etc/mailboxes"
    echo "sink@$DOMAIN discard:benchmark sink" > "$p/etc/transport"
    cat > "$p/etc/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $p/spool
data_directory = $p/lib
maillog_file = $p/postfix.log
maillog_file_prefixes = $p
myhostname = localhost
mydomain = $DOMAIN
myorigin = $DOMAIN
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
# Never relay: only $DOMAIN is delivered (to Dovecot over LMTP); anything else is an error.
relayhost =
relay_domains =
default_transport = error:the emailra test server delivers to $DOMAIN only
relay_transport = error:the emailra test server delivers to $DOMAIN only
local_transport = error:the emailra test server has no local delivery
alias_maps =
alias_database =
virtual_mailbox_domains = $DOMAIN
virtual_mailbox_maps = texthash:$p/etc/mailboxes
virtual_transport = lmtp:inet:127.0.0.1:$LMTP
transport_maps = texthash:$p/etc/transport
smtpd_tls_cert_file = $DIR/ca/server.crt
smtpd_tls_key_file = $DIR/ca/server.key
smtpd_tls_security_level = may
smtpd_tls_mandatory_protocols = >=TLSv1.2
smtpd_tls_protocols = >=TLSv1.2
smtpd_sasl_type = dovecot
smtpd_sasl_path = $DIR/dovecot/run/auth-postfix
smtpd_recipient_restrictions = permit_sasl_authenticated, reject
message_size_limit = 10240000
# Retry deferred mail (Dovecot down) within seconds, not Postfix's default minutes.
queue_run_delay = 5s
minimal_backoff_time = 5s
maximal_backoff_time = 10s
EOF
    cat > "$p/etc/master.cf" <<EOF
# No smtp or relay client service: this Postfix cannot send mail off the machine.
# $PLAIN_SMTP: AUTH without TLS, for transportSecurity=NONE; loopback only.
$PLAIN_SMTP inet n - n - - smtpd
  -o syslog_name=postfix/plain
  -o smtpd_tls_security_level=none
  -o smtpd_sasl_auth_enable=yes
  -o smtpd_tls_auth_only=no
# $PLAIN_SMTP_DATA: the same without CHUNKING (BDAT), as Postfix before 3.4 and many servers: PIPELINING with DATA.
$PLAIN_SMTP_DATA inet n - n - - smtpd
  -o syslog_name=postfix/plain-data
  -o smtpd_tls_security_level=none
  -o smtpd_sasl_auth_enable=yes
  -o smtpd_tls_auth_only=no
  -o smtpd_discard_ehlo_keywords=chunking
$SUBMISSION inet n - n - - smtpd
  -o syslog_name=postfix/submission
  -o smtpd_tls_security_level=encrypt
  -o smtpd_sasl_auth_enable=yes
  -o smtpd_tls_auth_only=yes
$SMTPS inet n - n - - smtpd
  -o syslog_name=postfix/smtps
  -o smtpd_tls_wrappermode=yes
  -o smtpd_sasl_auth_enable=yes
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
lmtp      unix  -       -       n       -       -       lmtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF
    # Postfix waits ~2 s at start when main.cf is younger than a second.
    touch -d '-10 seconds' "$p/etc/main.cf" "$p/etc/master.cf"
}

write_properties() {
    cat > "$DIR/servers.properties" <<EOF
host=127.0.0.1
domain=$DOMAIN
imap.port=$IMAP
imaps.port=$IMAPS
pop3.port=$POP3
pop3s.port=$POP3S
submission.port=$SUBMISSION
smtps.port=$SMTPS
plainSmtp.port=$PLAIN_SMTP
plainSmtpData.port=$PLAIN_SMTP_DATA
oauth2Introspection.port=$OAUTH2_INTROSPECTION
users=$USERS
mail.dir=$DIR/mail
trustStore=$DIR/ca/truststore.p12
trustStorePassword=$STORE_PASSWORD
dovecot.log=$DIR/dovecot/dovecot.log
postfix.log=$DIR/postfix/postfix.log
EOF
}

# wait_until SECONDS CHECK...: runs the check every 0.1 s until it succeeds, for at most that long.
wait_until() {
    local seconds=$1; shift
    for _ in $(seq 1 $((seconds * 10))); do
        "$@" && return
        sleep 0.1
    done
    return 1
}

wait_for_port() {
    for _ in $(seq 1 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return
        sleep 0.1
    done
    log "nothing listens on 127.0.0.1:$1"; return 1
}

dovecot_running() { [ -s "$DIR/dovecot/run/master.pid" ] && kill -0 "$(cat "$DIR/dovecot/run/master.pid")" 2>/dev/null; }
postfix_running() { postfix -c "$DIR/postfix/etc" status >/dev/null 2>&1; }

start() {
    install_packages
    ensure_vmail_user
    mkdir -p "$DIR"
    make_certificates
    if ! dovecot_running; then
        configure_dovecot
        dovecot -c "$DIR/dovecot/dovecot.conf" </dev/null >/dev/null 2>&1
        wait_until 10 dovecot_running || { log "dovecot did not start; see $DIR/dovecot/dovecot.log"; exit 1; }
    fi
    if ! postfix_running; then
        configure_postfix
        # postsuper logs as the postfix user before postlogd runs: a warning at start (a queue file a
        # killed Postfix left half-written) is fatal if it cannot append to the log.
        touch "$DIR/postfix/postfix.log" && chown postfix "$DIR/postfix/postfix.log"
        on_terminal postfix -c "$DIR/postfix/etc" check
        on_terminal postfix -c "$DIR/postfix/etc" start
        postfix_running || { log "postfix did not start; see $DIR/postfix/postfix.log"; exit 1; }
    fi
    for port in $IMAP $IMAPS $POP3 $POP3S $LMTP $SUBMISSION $SMTPS $PLAIN_SMTP $PLAIN_SMTP_DATA; do wait_for_port "$port"; done
    write_properties
    log "running; settings in $DIR/servers.properties"
}

# Stops both servers, or the one named (dovecot, postfix): the tests stop one and start it again.
stop() {
    local which=${1:-all}
    if [ "$which" = all ] || [ "$which" = postfix ]; then
        postfix_running && postfix -c "$DIR/postfix/etc" stop >/dev/null 2>&1 || true
        wait_until 30 not postfix_running
    fi
    if [ "$which" = all ] || [ "$which" = dovecot ]; then
        dovecot_running && dovecot -c "$DIR/dovecot/dovecot.conf" stop 2>/dev/null || true
        # Usually 2-3 s; a session process born during the shutdown waits 5 s for the stats writer first.
        if ! wait_until 60 not dovecot_running; then
            log "dovecot did not stop in 60 s: killed"
            kill -KILL "$(cat "$DIR/dovecot/run/master.pid")" 2>/dev/null || true
            rm -f "$DIR/dovecot/run/master.pid"
        fi
        # Dovecot may miss a session process it forked a moment before; they all run as vmail.
        pkill -TERM -u vmail 2>/dev/null || true
        wait_until 10 not vmail_processes || pkill -KILL -u vmail || true
    fi
    log "stopped $which"
}

not() { ! "$@"; }

status() {
    dovecot_running && log "dovecot runs" || log "dovecot is stopped"
    postfix_running && log "postfix runs" || log "postfix is stopped"
}

# Stops the servers and empties every mailbox and Postfix's log: a run from a clean slate (CI), not
# one on the hundreds of MB earlier runs left.
reset() {
    stop all
    rm -rf "${DIR:?}/mail/"* "$DIR/postfix/postfix.log"
    log "mailboxes and log emptied"
}

# doveadm kick only signals the sessions: wait until they are gone, so that a next command meets none.
kick() {
    doveadm -c "$DIR/dovecot/dovecot.conf" kick "$1" >/dev/null
    wait_until 10 not signed_on "$1" || { log "$1 still has sessions after doveadm kick"; exit 1; }
}

# doveadm who prints a header line, then a line for each of the user's sessions.
signed_on() { [ "$(doveadm -c "$DIR/dovecot/dovecot.conf" who "$1" 2>/dev/null | wc -l)" -gt 1 ]; }
vmail_processes() { pgrep -u vmail >/dev/null; }

case "${1:-}" in
    start) start ;;
    kick) kick "$2" ;;
    reset) reset ;;
    stop) stop "${2:-all}" ;;
    status) status ;;
    *) echo "usage: $0 start | stop [dovecot|postfix] | status | kick USER | reset" >&2; exit 2 ;;
esac
