/* needs.c - the one list of the commands 3scale's workloads send to each Redis database, read
 * from the upstream code at the 3scale 2.16 GA tags (each entry cites the file). Storage and
 * queues: apisonator (backend-listener, backend-worker, backend-cron); resque 2.6.0 (the
 * version apisonator's Gemfile.lock pins) enqueues and keeps the failed jobs. System: porta
 * (system-app, system-sidekiq) with sidekiq 7.3.2 and redlock 1.3.2 (porta's Gemfile.lock).
 * Commands only tests or rake tasks nobody schedules send (FLUSHDB, KEYS) are left out: a user
 * without them runs 3scale fine. */
#include "needs.h"

#define APISONATOR "3scale/apisonator@3scale-2.16.4-GA "
#define PORTA      "3scale/porta@3scale-2.16.4-GA "
#define RESQUE     "resque/resque@v2.6.0 lib/resque/data_store.rb "
#define SIDEKIQ    "sidekiq/sidekiq@v7.3.2 "
#define REDLOCK    "leandromoreira/redlock-rb@1.3.2 lib/redlock/client.rb (evalsha, script load)"

#define BACKEND_APPS (WL_LISTENER | WL_WORKER)
#define SYSTEM_ALL   (WL_SYSTEM_APP | WL_SYSTEM_SIDEKIQ)

const struct need needs[] = {
    /* backend storage */
    {"storage",
     BACKEND_APPS | WL_CRON,
     {"MGET", "k", NULL},
     APISONATOR "lib/3scale/backend/usage.rb, lib/3scale/backend/stats/cleaner.rb"},
    {"storage",
     BACKEND_APPS,
     {"GET", "k", NULL},
     APISONATOR "lib/3scale/backend/usage_limit.rb, lib/3scale/backend/application.rb"},
    {"storage",
     BACKEND_APPS,
     {"SET", "k", "v", NULL},
     APISONATOR "lib/3scale/backend/application.rb, lib/3scale/backend/stats/aggregators/base.rb"},
    {"storage",
     BACKEND_APPS,
     {"INCRBY", "k", "1", NULL},
     APISONATOR
     "lib/3scale/backend/stats/aggregators/base.rb, lib/3scale/backend/event_storage.rb"},
    {"storage",
     BACKEND_APPS,
     {"INCR", "k", NULL},
     APISONATOR "lib/3scale/backend/alerts.rb, lib/3scale/backend/application_events.rb"},
    {"storage",
     BACKEND_APPS,
     {"EXPIRE", "k", "1", NULL},
     APISONATOR "lib/3scale/backend/stats/aggregators/base.rb"},
    {"storage",
     BACKEND_APPS,
     {"SETEX", "k", "1", "v", NULL},
     APISONATOR "lib/3scale/backend/alerts.rb"},
    {"storage",
     BACKEND_APPS | WL_CRON,
     {"DEL", "k", NULL},
     APISONATOR "lib/3scale/backend/application.rb, lib/3scale/backend/stats/cleaner.rb"},
    {"storage",
     BACKEND_APPS | WL_CRON,
     {"SADD", "k", "m", NULL},
     APISONATOR "lib/3scale/backend/application.rb, lib/3scale/backend/stats/cleaner.rb"},
    {"storage",
     BACKEND_APPS | WL_CRON,
     {"SREM", "k", "m", NULL},
     APISONATOR "lib/3scale/backend/application.rb, lib/3scale/backend/stats/cleaner.rb"},
    {"storage",
     BACKEND_APPS,
     {"SMEMBERS", "k", NULL},
     APISONATOR "lib/3scale/backend/application.rb, lib/3scale/backend/alerts.rb"},
    {"storage",
     BACKEND_APPS,
     {"SISMEMBER", "k", "m", NULL},
     APISONATOR "lib/3scale/backend/application.rb, lib/3scale/backend/alerts.rb"},
    {"storage",
     WL_LISTENER,
     {"HSET", "k", "f", "v", NULL},
     APISONATOR "lib/3scale/backend/service_token.rb"},
    {"storage",
     BACKEND_APPS,
     {"ZADD", "k", "1", "m", NULL},
     APISONATOR "lib/3scale/backend/event_storage.rb"},
    {"storage",
     BACKEND_APPS,
     {"ZREVRANGE", "k", "0", "-1", NULL},
     APISONATOR "lib/3scale/backend/event_storage.rb"},
    {"storage",
     BACKEND_APPS,
     {"ZREMRANGEBYSCORE", "k", "0", "1", NULL},
     APISONATOR "lib/3scale/backend/event_storage.rb"},
    {"storage",
     BACKEND_APPS,
     {"RPUSH", "k", "v", NULL},
     APISONATOR "lib/3scale/backend/transactor/notify_batcher.rb"},
    {"storage",
     BACKEND_APPS,
     {"LPUSH", "k", "v", NULL},
     APISONATOR "lib/3scale/backend/error_storage.rb"},
    {"storage",
     BACKEND_APPS,
     {"LRANGE", "k", "0", "-1", NULL},
     APISONATOR
     "lib/3scale/backend/transactor/notify_batcher.rb, lib/3scale/backend/error_storage.rb"},
    {"storage",
     BACKEND_APPS,
     {"LTRIM", "k", "0", "-1", NULL},
     APISONATOR
     "lib/3scale/backend/transactor/notify_batcher.rb, lib/3scale/backend/error_storage.rb"},
    {"storage",
     BACKEND_APPS,
     {"LLEN", "k", NULL},
     APISONATOR "lib/3scale/backend/error_storage.rb"},
    {"storage", WL_CRON, {"SCAN", "0", NULL}, APISONATOR "lib/3scale/backend/stats/cleaner.rb"},
    {"storage",
     WL_CRON,
     {"SSCAN", "k", "0", NULL},
     APISONATOR "lib/3scale/backend/stats/cleaner.rb"},

    /* backend queues: resque's data store, on the queues database (Resque.redis) */
    {"queues",
     WL_LISTENER | WL_WORKER | WL_CRON,
     {"RPUSH", "k", "v", NULL},
     APISONATOR "lib/3scale/backend/transactor.rb (Resque.enqueue); " RESQUE
                "(push_to_queue, push_to_failed_queue)"},
    {"queues",
     WL_LISTENER | WL_WORKER | WL_CRON,
     {"SADD", "k", "m", NULL},
     APISONATOR "lib/3scale/backend/transactor.rb (Resque.enqueue); " RESQUE "(watch_queue)"},
    {"queues",
     WL_WORKER,
     {"BLPOP", "k", "1", NULL},
     APISONATOR "lib/3scale/backend/job_fetcher.rb"},
    {"queues", WL_WORKER, {"LPOP", "k", "1", NULL}, APISONATOR "lib/3scale/backend/job_fetcher.rb"},
    {"queues",
     WL_CRON,
     {"SET", "k", "v", "NX", "EX", "1", NULL},
     APISONATOR
     "lib/3scale/backend/failed_jobs_scheduler.rb, lib/3scale/backend/distributed_lock.rb"},
    {"queues", WL_CRON, {"GET", "k", NULL}, APISONATOR "lib/3scale/backend/distributed_lock.rb"},
    {"queues", WL_CRON, {"DEL", "k", NULL}, APISONATOR "lib/3scale/backend/distributed_lock.rb"},
    {"queues", WL_CRON, {"LLEN", "k", NULL}, RESQUE "(num_failed)"},
    {"queues", WL_CRON, {"LINDEX", "k", "0", NULL}, RESQUE "(list_range)"},
    {"queues",
     WL_CRON,
     {"LSET", "k", "0", "v", NULL},
     RESQUE "(update_item_in_failed_queue, remove_from_failed_queue)"},
    {"queues", WL_CRON, {"LREM", "k", "1", "v", NULL}, RESQUE "(remove_from_failed_queue)"},

    /* system: porta's System.redis, and Sidekiq's client (enqueue) and server (fetch) */
    {"system", WL_SYSTEM_APP, {"PING", NULL}, PORTA "app/controllers/application_controller.rb"},
    {"system",
     SYSTEM_ALL,
     {"LPUSH", "k", "v", NULL},
     SIDEKIQ "lib/sidekiq/client.rb (atomic_push)"},
    {"system", SYSTEM_ALL, {"SADD", "k", "m", NULL}, SIDEKIQ "lib/sidekiq/client.rb (atomic_push)"},
    {"system",
     SYSTEM_ALL,
     {"ZADD", "k", "1", "m", NULL},
     SIDEKIQ "lib/sidekiq/client.rb (atomic_push)"},
    {"system",
     SYSTEM_ALL,
     {"SCRIPT", "LOAD", "return 1", NULL},
     SIDEKIQ "lib/sidekiq/scheduled.rb; " REDLOCK},
    {"system",
     SYSTEM_ALL,
     {"EVALSHA", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db", "0", NULL},
     SIDEKIQ "lib/sidekiq/scheduled.rb; " REDLOCK},
    {"system", WL_SYSTEM_SIDEKIQ, {"BRPOP", "k", "1", NULL}, SIDEKIQ "lib/sidekiq/fetch.rb"},
    {"system", WL_SYSTEM_SIDEKIQ, {"MULTI", NULL}, SIDEKIQ "lib/sidekiq/launcher.rb (heartbeat)"},
    {"system", WL_SYSTEM_SIDEKIQ, {"EXEC", NULL}, SIDEKIQ "lib/sidekiq/launcher.rb (heartbeat)"},
    {"system",
     WL_SYSTEM_SIDEKIQ,
     {"HSET", "k", "f", "v", NULL},
     SIDEKIQ "lib/sidekiq/launcher.rb (heartbeat)"},
    {"system",
     WL_SYSTEM_SIDEKIQ,
     {"EXPIRE", "k", "1", NULL},
     SIDEKIQ "lib/sidekiq/launcher.rb (heartbeat)"},
    {"system",
     WL_SYSTEM_SIDEKIQ,
     {"EXISTS", "k", NULL},
     SIDEKIQ "lib/sidekiq/launcher.rb (heartbeat)"},
    {"system",
     WL_SYSTEM_SIDEKIQ,
     {"RPOP", "k", NULL},
     SIDEKIQ "lib/sidekiq/launcher.rb (heartbeat)"},
    {"system", WL_SYSTEM_SIDEKIQ, {"INCRBY", "k", "1", NULL}, SIDEKIQ "lib/sidekiq/launcher.rb"},
    {"system", WL_SYSTEM_SIDEKIQ, {"UNLINK", "k", NULL}, SIDEKIQ "lib/sidekiq/launcher.rb"},
    {"system", WL_SYSTEM_SIDEKIQ, {"SSCAN", "k", "0", NULL}, SIDEKIQ "lib/sidekiq/scheduled.rb"},
    {"system", WL_SYSTEM_SIDEKIQ, {"SCARD", "k", NULL}, SIDEKIQ "lib/sidekiq/scheduled.rb"},
    {"system",
     WL_SYSTEM_SIDEKIQ,
     {"SREM", "k", "m", NULL},
     SIDEKIQ "lib/sidekiq/scheduled.rb, lib/sidekiq/launcher.rb"},
    {"system",
     WL_SYSTEM_SIDEKIQ,
     {"SET", "k", "v", "NX", "EX", "1", NULL},
     SIDEKIQ "lib/sidekiq/scheduled.rb"},
    {"system",
     WL_SYSTEM_SIDEKIQ,
     {"RPUSH", "k", "v", NULL},
     PORTA "app/models/web_hook_failures.rb"},
    {"system",
     SYSTEM_ALL,
     {"LRANGE", "k", "0", "-1", NULL},
     PORTA "app/models/web_hook_failures.rb"},
    {"system", WL_SYSTEM_APP, {"LPOP", "k", NULL}, PORTA "app/models/web_hook_failures.rb"},
    {"system",
     SYSTEM_ALL,
     {"DEL", "k", NULL},
     PORTA
     "app/models/web_hook_failures.rb, app/services/synchronization/unsafe_unlock_service.rb"},
    {"system",
     WL_SYSTEM_SIDEKIQ,
     {"SCAN", "0", NULL},
     PORTA "lib/three_scale/sidekiq_batch_cleanup_service.rb"},
};

const size_t nneeds = sizeof(needs) / sizeof(needs[0]);

const char *
workload_name(unsigned bit)
{
    switch (bit) {
    case WL_LISTENER:
        return "backend-listener";
    case WL_WORKER:
        return "backend-worker";
    case WL_CRON:
        return "backend-cron";
    case WL_SYSTEM_APP:
        return "system-app";
    case WL_SYSTEM_SIDEKIQ:
        return "system-sidekiq";
    }
    return "?";
}
