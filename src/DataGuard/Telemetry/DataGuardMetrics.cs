// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace DataGuard.Telemetry;

/// <summary>
/// The engine's instruments, created once per service provider from <see cref="IMeterFactory"/>.
/// </summary>
internal sealed class DataGuardMetrics
{
    public const string OperationTag = "dataguard.operation";
    public const string OutcomeTag = "dataguard.outcome";
    public const string RuleTag = "dataguard.audit.rule";
    public const string CategoryTag = "dataguard.retention.category";
    public const string ActionTag = "dataguard.retention.action";

    public DataGuardMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(DataGuardDiagnostics.MeterName);
        CryptoOperations = meter.CreateCounter<long>(
            "dataguard.crypto.operations",
            unit: "{operation}",
            description: "Encryptions, decryptions and key operations performed by DataGuard.");
        KeyRingRefreshes = meter.CreateCounter<long>(
            "dataguard.keyring.refreshes",
            unit: "{refresh}",
            description: "Reloads of the key ring from its store.");
        AuditRecordsWritten = meter.CreateCounter<long>(
            "dataguard.audit.records_written",
            unit: "{record}",
            description: "Audit records appended to the trail.");
        AuditQueueLength = meter.CreateUpDownCounter<long>(
            "dataguard.audit.queue_length",
            unit: "{event}",
            description: "Audit events accepted into the buffer and not yet stored.");
        AuditFlushDuration = meter.CreateHistogram<double>(
            "dataguard.audit.flush_duration",
            unit: "ms",
            description: "Time taken to store one batch of buffered audit events, retries included.");
        AuditAnomalies = meter.CreateCounter<long>(
            "dataguard.audit.anomalies",
            unit: "{anomaly}",
            description: "Audit anomalies raised by the anomaly rules.");
        RetentionRowsPurged = meter.CreateCounter<long>(
            "dataguard.retention.rows_purged",
            unit: "{row}",
            description: "Rows deleted, anonymized or archived by retention runs, per category and action.");
        RetentionRowsHeld = meter.CreateCounter<long>(
            "dataguard.retention.rows_held",
            unit: "{row}",
            description: "Rows past their retention period that a legal hold kept, per category and run.");
        RetentionFailures = meter.CreateCounter<long>(
            "dataguard.retention.failures",
            unit: "{failure}",
            description: "Rows a hook or the archive could not handle, and policies that failed, per category.");
        RetentionRunDuration = meter.CreateHistogram<double>(
            "dataguard.retention.run_duration",
            unit: "s",
            description: "Duration of retention runs (dry runs excluded), tagged with the run's status.");
    }

    public Counter<long> CryptoOperations { get; }

    public Counter<long> KeyRingRefreshes { get; }

    public Counter<long> AuditRecordsWritten { get; }

    public UpDownCounter<long> AuditQueueLength { get; }

    public Histogram<double> AuditFlushDuration { get; }

    public Counter<long> AuditAnomalies { get; }

    public Counter<long> RetentionRowsPurged { get; }

    public Counter<long> RetentionRowsHeld { get; }

    public Counter<long> RetentionFailures { get; }

    public Histogram<double> RetentionRunDuration { get; }

    public void RecordCrypto(string operation, string outcome)
    {
        if (CryptoOperations.Enabled)
        {
            CryptoOperations.Add(1, new TagList { { OperationTag, operation }, { OutcomeTag, outcome } });
        }
    }

    public void RecordAuditAnomaly(string rule)
    {
        if (AuditAnomalies.Enabled)
        {
            AuditAnomalies.Add(1, new TagList { { RuleTag, rule } });
        }
    }
}
