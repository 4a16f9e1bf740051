package io.quantlab.jobs;

import java.util.function.LongConsumer;

/**
 * Work to do once at a given time for one row (e.g. a target exercise's deadline): a db-scheduler
 * one-time task kept in the queue's table, so it survives a restart and runs late rather than
 * never when no worker was up at its time. Its work must be idempotent: a worker that died while
 * running it leaves it to run again.
 *
 * @param name the task's name in the queue
 * @param work what to do for the row's id
 */
public record TimedTask(String name, LongConsumer work) {}
