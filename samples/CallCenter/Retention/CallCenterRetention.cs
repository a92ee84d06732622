// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using CallCenter.Data;
using DataGuard.Retention;

namespace CallCenter.Retention;

/// <summary>The call centre's published retention table, as code: docs/retention.md shows the same table.</summary>
public static class CallCenterRetention
{
    /// <summary>Declares the policies (and, for the demo, turns the daily schedule off: the demo runs retention itself).</summary>
    public static RetentionBuilder Declare(RetentionBuilder retention, bool runOnSchedule = true)
    {
        ArgumentNullException.ThrowIfNull(retention);
        #region retention
        retention
            .Keep<CallLog>(c => c.StartedAt, TimeSpan.FromDays(365), category: "call-logs")
            .Keep<Recording>(x => x.RecordedAt, TimeSpan.FromDays(90), category: "recordings")   // files: RecordingFilesRetentionHook
            .Keep<CallLog>(c => c.StartedAt, TimeSpan.FromDays(365), category: "transcripts",
                tenantMayChoose: (TimeSpan.FromDays(30), null),                                    // 30 days .. indefinite
                configure: p => p.Anonymize(c => c.Transcript))
            .Keep<Contact>(c => c.LastContactAt, period: null, category: "contacts",               // indefinite unless the tenant chooses
                tenantMayChoose: (TimeSpan.FromDays(30), null),
                configure: p => p
                    .AnonymizeWith(c => c.DisplayName, "[removed]")                           // required: a marker
                    .Anonymize(c => c.PhoneNumber, c => c.Email))                             // encrypted: null, blind index cleared
            .Keep<CallStatistic>(s => s.Day, TimeSpan.FromDays(730), category: "analytics")
            .Keep<Invoice>(i => i.IssuedAt, TimeSpan.FromDays(7 * 365), category: "invoices",
                statutory: true, legalBasis: "Tax and company law: invoices are kept 7 years after issue")
            .Configure(o => o.RunOnSchedule = runOnSchedule);                                      // daily at 03:00 UTC by default
        #endregion
        return retention;
    }
}
