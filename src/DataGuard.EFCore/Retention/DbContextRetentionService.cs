// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Linq.Expressions;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.Auditing;
using DataGuard.EFCore.Auditing;
using DataGuard.Encryption;
using DataGuard.Retention;
using DataGuard.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataGuard.EFCore.Retention;

/// <summary>Runs retention over the EF model of <typeparamref name="TContext"/>.</summary>
/// <remarks>
/// <para><b>Resolution.</b> A policy that does not fit the model (unknown or ambiguous entity, wrong timestamp type, a required property
/// without a marker, a composite key where rows must be addressed, a DateTimeOffset timestamp on SQLite without <c>.IsUtcTimestamp()</c>,
/// a type with an <c>IRetentionHook&lt;T&gt;</c> deleted by cascade) fails start-up (<see cref="RetentionModelValidator{TContext}"/>); the
/// policies are resolved again, once, on the first run or dry run (throwing <see cref="InvalidOperationException"/> naming the category
/// when start-up validation was bypassed).</para>
/// <para><b>Order.</b> Policies run dependents first: a policy whose type refers (through foreign keys) to another policy's type runs
/// before it, ties by category; so recordings go before the call logs they belong to in the same run.</para>
/// <para><b>Groups.</b> Per policy, the default group (tenants without a choice, or the whole table) uses the policy's period; each
/// tenant with a stored choice (read when the run starts) is a group of its own with its period. A row is past the period when its
/// timestamp is strictly before <c>now - period</c>; a null timestamp or period never expires.</para>
/// <para><b>Batches.</b> Each batch is one set-based statement (or, for archive, hooks and dependents, a key selection and the statements
/// on those keys) in its own transaction; before each, the run stops if cancelled, renews its lease (a lost lease stops it with
/// <see cref="RetentionRunStatus.LeaseLost"/>) and reloads the legal holds, which every purge statement excludes.</para>
/// <para><b>Audit.</b> The EF audit interceptors are off for the run's statements; the run writes one <c>retention-purge</c> event per
/// group that purged or failed rows, and a run record.</para>
/// </remarks>
/// <typeparam name="TContext">The application's context.</typeparam>
internal sealed class DbContextRetentionService<TContext> : IRetentionService
    where TContext : DbContext
{
    /// <summary>The actor id of retention's audit events.</summary>
    public const string ActorId = "dataguard:retention";

    private readonly IServiceScopeFactory _scopes;
    private readonly IServiceProvider _services;
    private readonly IOptions<RetentionOptions> _options;
    private readonly FieldEncryptor _encryptor;
    private readonly TimeProvider _time;
    private readonly DataGuardMetrics _metrics;
    private readonly ILogger _logger;
    private readonly RetentionLease _lease;
    private readonly Lock _resolveLock = new();
    private IReadOnlyList<ResolvedPolicy>? _resolved;
    private int _running;

    public DbContextRetentionService(
        IServiceScopeFactory scopes,
        IServiceProvider services,
        IOptions<RetentionOptions> options,
        FieldEncryptor encryptor,
        TimeProvider timeProvider,
        DataGuardMetrics metrics,
        ILogger<DbContextRetentionService<TContext>> logger)
    {
        _scopes = scopes;
        _services = services;
        _options = options;
        _encryptor = encryptor;
        _time = timeProvider;
        _metrics = metrics;
        _logger = logger;
        var owner = string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}");
        _lease = new RetentionLease(owner.Length > RetentionModel.TenantLength ? owner[^RetentionModel.TenantLength..] : owner);
    }

    /// <summary>Gets this instance's lease owner id.</summary>
    internal string Owner => _lease.Owner;

    public IReadOnlyList<RetentionPolicyDescription> Policies
        => _options.Value.Policies.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new RetentionPolicyDescription
        {
            Category = p.Key,
            EntityType = RetentionPolicyModel.EntityName(p.Value),
            TimestampProperty = p.Value.Timestamp ?? string.Empty,
            Period = p.Value.Period,
            Action = p.Value.Action,
            Statutory = p.Value.Statutory,
            LegalBasis = p.Value.LegalBasis,
            TenantMayChoose = p.Value.TenantMayChoose,
            TenantMinimum = p.Value.TenantMayChoose ? p.Value.TenantMinimum : null,
            TenantMaximum = p.Value.TenantMayChoose ? p.Value.TenantMaximum : null,
            AnonymizedProperties = p.Value.Action == RetentionAction.Anonymize ? [.. p.Value.Anonymize] : [],
        }).ToList();

    public async Task<RetentionReport> DryRunAsync(CancellationToken cancellationToken = default)
    {
        var runId = Guid.NewGuid();
        var started = _time.GetUtcNow();
        var entries = new List<RetentionReportEntry>();
        var errors = new List<string>();
        var failed = false;
        var scope = _scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var context = scope.ServiceProvider.GetRequiredService<TContext>();
            var policies = Resolve(context);
            using (AuditSuppression.Begin())
            {
                var holds = await LegalHoldReader.LoadAsync(context, _encryptor, started, cancellationToken, LegalHoldReader.HasherFor(_services, _encryptor)).ConfigureAwait(false);

                // Policies run in order; each counts the table as the earlier ones would leave it (rows they remove are not counted
                // again, and dependents they remove no longer restrict their principals).
                var removed = new Dictionary<Type, LambdaExpression>();
                foreach (var policy in policies)
                {
                    try
                    {
                        var groups = await GroupsAsync(context, policy, started, errors, cancellationToken).ConfigureAwait(false);
                        foreach (var group in groups)
                        {
                            var outcome = new GroupOutcome();
                            await policy.Runner.CountAsync(context, group, holds, outcome, dryRun: true, removed, cancellationToken).ConfigureAwait(false);
                            entries.Add(Entry(policy, group, outcome));
                            errors.AddRange(outcome.Errors);
                        }

                        if (policy.Runner.Removal(context, groups, holds, removed) is { } removal)
                        {
                            var type = policy.EntityType.ClrType;
                            removed[type] = removed.TryGetValue(type, out var earlier) ? RetentionExpressions.Either(earlier, removal) : removal;
                        }
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        failed = true;
                        errors.Add($"{policy.Category}: {e.GetType().Name}: the dry run of this policy failed");
                        RetentionLog.PolicyFailed(_logger, policy.Category, e.GetType().Name, e);
                    }
                }
            }
        }

        return new RetentionReport
        {
            RunId = runId,
            DryRun = true,
            Status = failed ? RetentionRunStatus.Failed : RetentionRunStatus.Completed,
            StartedAt = started,
            EndedAt = _time.GetUtcNow(),
            Entries = entries,
            Errors = errors,
        };
    }

    public async Task<RetentionReport> RunAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _running, 1, 0) != 0)
        {
            // This instance is running already (the scheduler and a manual call): the lease would be renewed by both; skip like another instance.
            RetentionLog.Skipped(_logger);
            var now = _time.GetUtcNow();
            RecordDuration(TimeSpan.Zero, RetentionRunStatus.Skipped);
            return new RetentionReport { RunId = Guid.NewGuid(), DryRun = false, Status = RetentionRunStatus.Skipped, StartedAt = now, EndedAt = now, Entries = [], Errors = [] };
        }

        try
        {
            return await RunCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    private async Task<RetentionReport> RunCoreAsync(CancellationToken cancellationToken)
    {
        var runId = Guid.NewGuid();
        var started = _time.GetUtcNow();
        var startTimestamp = _time.GetTimestamp();
        var options = _options.Value;
        var entries = new List<RetentionReportEntry>();
        var errors = new List<string>();

        var scope = _scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var leaseScope = _scopes.CreateAsyncScope();
            await using (leaseScope.ConfigureAwait(false))
            {
                var context = scope.ServiceProvider.GetRequiredService<TContext>();
                var leaseContext = leaseScope.ServiceProvider.GetRequiredService<TContext>();
                var policies = Resolve(context);

                long fencingToken;
                using (AuditSuppression.Begin())
                {
                    if (await _lease.TryAcquireAsync(leaseContext, started, options.LeaseDuration, cancellationToken).ConfigureAwait(false) is not { } token)
                    {
                        RetentionLog.Skipped(_logger);
                        RecordDuration(_time.GetElapsedTime(startTimestamp), RetentionRunStatus.Skipped);
                        return new RetentionReport
                        {
                            RunId = runId,
                            DryRun = false,
                            Status = RetentionRunStatus.Skipped,
                            StartedAt = started,
                            EndedAt = _time.GetUtcNow(),
                            Entries = [],
                            Errors = [],
                        };
                    }

                    fencingToken = token;
                    try
                    {
                        await RetentionRunRecorder.StartAsync(leaseContext, runId, _lease.Owner, fencingToken, started, CancellationToken.None).ConfigureAwait(false);
                    }
                    catch
                    {
                        await ReleaseAsync(leaseContext, runId, fencingToken).ConfigureAwait(false);
                        throw;
                    }
                }

                RetentionLog.RunStarted(_logger, runId, _lease.Owner, fencingToken, policies.Count);
                RetentionRunStatus status;
                try
                {
                    status = await RunPoliciesAsync(context, leaseContext, scope.ServiceProvider, runId, fencingToken, started, policies, entries, errors, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    // Whatever failed outside a policy (the holds could not be read, the connection broke): the run record and the lease are still closed.
                    status = RetentionRunStatus.Failed;
                    errors.Add($"run: {e.GetType().Name}: the run stopped; what its committed batches did stays");
                    RetentionLog.PolicyFailed(_logger, "(run)", e.GetType().Name, e);
                }

                var ended = _time.GetUtcNow();
                using (AuditSuppression.Begin())
                {
                    if (status != RetentionRunStatus.LeaseLost)
                    {
                        await ReleaseAsync(leaseContext, runId, fencingToken).ConfigureAwait(false);
                    }

                    try
                    {
                        await RetentionRunRecorder.EndAsync(leaseContext, runId, status, ended, entries, errors).ConfigureAwait(false);
                    }
                    catch (Exception e)
                    {
                        RetentionLog.RunRecordFailed(_logger, runId, e.GetType().Name, e);
                    }
                }

                var elapsed = _time.GetElapsedTime(startTimestamp);
                RecordDuration(elapsed, status);

                RetentionLog.RunEnded(
                    _logger, runId, status, entries.Sum(e => e.Purged), entries.Sum(e => e.Dependents), entries.Sum(e => e.HeldBack), entries.Sum(e => e.Kept), entries.Sum(e => e.Failed), elapsed);
                return new RetentionReport
                {
                    RunId = runId,
                    DryRun = false,
                    Status = status,
                    StartedAt = started,
                    EndedAt = ended,
                    Entries = entries,
                    Errors = errors,
                };
            }
        }
    }

    public async Task SetTenantPeriodAsync(string tenantId, string category, TimeSpan? period, string chosenBy, CancellationToken cancellationToken = default)
    {
        var scope = _scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var context = scope.ServiceProvider.GetRequiredService<TContext>();
            await RetentionChoiceStore.SetAsync(context, _options.Value, tenantId, category, period, chosenBy, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<bool> ClearTenantPeriodAsync(string tenantId, string category, CancellationToken cancellationToken = default)
    {
        var scope = _scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var context = scope.ServiceProvider.GetRequiredService<TContext>();
            return await RetentionChoiceStore.ClearAsync(context, tenantId, category, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyDictionary<string, TimeSpan?>> GetTenantPeriodsAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var scope = _scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var context = scope.ServiceProvider.GetRequiredService<TContext>();
            return await RetentionChoiceStore.GetAsync(context, tenantId, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The cutoff of a period at <paramref name="now"/>, or <see langword="null"/> when nothing expires (indefinite, or a period longer than the calendar).</summary>
    internal static DateTimeOffset? CutoffOf(DateTimeOffset now, TimeSpan? period)
        => period is not { } p || p.Ticks > now.UtcTicks - DateTimeOffset.MinValue.UtcTicks ? null : now.ToUniversalTime() - p;

    private static RetentionReportEntry Entry(ResolvedPolicy policy, RetentionGroup group, GroupOutcome outcome) => new()
    {
        Category = policy.Category,
        EntityType = policy.EntityType.ClrType.Name,
        Action = policy.Action,
        TenantId = group.TenantId,
        Period = group.Period,
        Cutoff = group.Cutoff,
        Purged = outcome.Purged,
        Dependents = outcome.Dependents,
        HeldBack = outcome.HeldBack,
        Kept = outcome.Kept,
        Failed = outcome.Failed,
    };

    private async Task<RetentionRunStatus> RunPoliciesAsync(
        TContext context,
        TContext leaseContext,
        IServiceProvider scopeServices,
        Guid runId,
        long fencingToken,
        DateTimeOffset started,
        IReadOnlyList<ResolvedPolicy> policies,
        List<RetentionReportEntry> entries,
        List<string> errors,
        CancellationToken cancellationToken)
    {
        var options = _options.Value;
        var state = new RetentionRunState
        {
            RunId = runId,
            Context = context,
            Services = scopeServices,
            BatchSize = options.BatchSize,
            TimeProvider = _time,
            Logger = _logger,
            BeforeBatchAsync = async ct =>
            {
                ct.ThrowIfCancellationRequested();
                var now = _time.GetUtcNow();
                if (!await _lease.RenewAsync(leaseContext, fencingToken, now, options.LeaseDuration).ConfigureAwait(false))
                {
                    throw new RetentionLeaseLostException();
                }

                return await LegalHoldReader.LoadAsync(context, _encryptor, now, CancellationToken.None, LegalHoldReader.HasherFor(_services, _encryptor)).ConfigureAwait(false);
            },
            InTransactionAsync = RetentionRunState.RenewAndReload(context, _lease, fencingToken, options.LeaseDuration, _encryptor, _services, _time),
        };

        var status = RetentionRunStatus.Completed;
        using var suppression = AuditSuppression.Begin();

        // Tenants' choices are read once, when the run starts: a choice stored during the run applies from the next one.
        var plans = new List<(ResolvedPolicy Policy, List<RetentionGroup>? Groups, Exception? Error)>();
        foreach (var policy in policies)
        {
            try
            {
                plans.Add((policy, await GroupsAsync(context, policy, started, errors, CancellationToken.None).ConfigureAwait(false), null));
            }
            catch (Exception e)
            {
                plans.Add((policy, null, e));
            }
        }

        try
        {
            foreach (var (policy, groups, error) in plans)
            {
                if (error is not null)
                {
                    status = RetentionRunStatus.Failed;
                    PolicyFailed(policy, error, errors);
                    continue;
                }

                foreach (var group in groups!)
                {
                    var outcome = new GroupOutcome();
                    Exception? policyError = null;
                    try
                    {
                        await policy.Runner.PurgeAsync(state, group, outcome, cancellationToken).ConfigureAwait(false);
                        var holds = await LegalHoldReader.LoadAsync(context, _encryptor, _time.GetUtcNow(), CancellationToken.None, LegalHoldReader.HasherFor(_services, _encryptor)).ConfigureAwait(false);
                        await policy.Runner.CountAsync(context, group, holds, outcome, dryRun: false, removed: null, CancellationToken.None).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is not RetentionLeaseLostException && !(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
                    {
                        policyError = e;
                    }
                    finally
                    {
                        entries.Add(Entry(policy, group, outcome));
                        errors.AddRange(outcome.Errors);
                        if (policyError is not null)
                        {
                            status = RetentionRunStatus.Failed;
                            PolicyFailed(policy, policyError, errors);
                        }

                        Record(policy, outcome);
                        await AuditAsync(policy, group, runId, outcome, policyError, errors).ConfigureAwait(false);
                    }

                    if (policyError is not null)
                    {
                        break;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            RetentionLog.Cancelled(_logger, runId);
            return RetentionRunStatus.Cancelled;
        }
        catch (RetentionLeaseLostException)
        {
            RetentionLog.LeaseLost(_logger, runId, fencingToken);
            return RetentionRunStatus.LeaseLost;
        }

        return status;
    }

    private void RecordDuration(TimeSpan elapsed, RetentionRunStatus status)
    {
        if (_metrics.RetentionRunDuration.Enabled)
        {
            _metrics.RetentionRunDuration.Record(elapsed.TotalSeconds, new TagList { { DataGuardMetrics.OutcomeTag, RetentionRunRecorder.StatusText(status) } });
        }
    }

    private void PolicyFailed(ResolvedPolicy policy, Exception error, List<string> errors)
    {
        // The exception's own message may quote values (database errors do): only its type is reported.
        errors.Add($"{policy.Category}: {error.GetType().Name}: the policy failed; what its committed batches did stays, the other policies ran");
        RetentionLog.PolicyFailed(_logger, policy.Category, error.GetType().Name, error);
        if (_metrics.RetentionFailures.Enabled)
        {
            _metrics.RetentionFailures.Add(1, new TagList { { DataGuardMetrics.CategoryTag, policy.Category }, { DataGuardMetrics.ActionTag, ActionText(policy.Action) } });
        }
    }

    private void Record(ResolvedPolicy policy, GroupOutcome outcome)
    {
        var tags = new TagList { { DataGuardMetrics.CategoryTag, policy.Category }, { DataGuardMetrics.ActionTag, ActionText(policy.Action) } };
        if (outcome.Purged > 0 && _metrics.RetentionRowsPurged.Enabled)
        {
            _metrics.RetentionRowsPurged.Add(outcome.Purged, tags);
        }

        if (outcome.HeldBack > 0 && _metrics.RetentionRowsHeld.Enabled)
        {
            _metrics.RetentionRowsHeld.Add(outcome.HeldBack, tags);
        }

        if (outcome.Failed > 0 && _metrics.RetentionFailures.Enabled)
        {
            _metrics.RetentionFailures.Add(outcome.Failed, tags);
        }
    }

    private async Task AuditAsync(ResolvedPolicy policy, RetentionGroup group, Guid runId, GroupOutcome outcome, Exception? error, List<string> errors)
    {
        if (outcome.Purged == 0 && outcome.Failed == 0 && error is null)
        {
            return;
        }

        var failed = error is not null || outcome.Failed > 0;
        var reason = error is not null ? error.GetType().Name : outcome.Errors.FirstOrDefault();
        var auditEvent = AuditEventFactory.Complete(
            new AuditEvent
            {
                Action = AuditActions.RetentionPurge,
                ActorId = ActorId,
                Resource = policy.Table,
                TenantId = group.TenantId,
                Count = (int)Math.Min(outcome.Purged, int.MaxValue),
                Properties =
                [
                    "category=" + policy.Category,
                    "action=" + ActionText(policy.Action),
                    "runId=" + runId.ToString("D"),
                    "heldBack=" + outcome.HeldBack.ToString(CultureInfo.InvariantCulture),
                    "failed=" + outcome.Failed.ToString(CultureInfo.InvariantCulture),
                    "dependents=" + outcome.Dependents.ToString(CultureInfo.InvariantCulture),
                ],
            },
            principal: null,
            _time,
            failed ? AuditOutcome.Failed : AuditOutcome.Success,
            failed ? reason : null);
        try
        {
            await _services.GetRequiredService<IAuditSink>().WriteAsync(auditEvent, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            RetentionLog.PolicyFailed(_logger, policy.Category, e.GetType().Name, e);
            errors.Add($"{policy.Category}: {e.GetType().Name}: the audit event of this policy could not be written");
        }
    }

    private static string ActionText(RetentionAction action) => action.ToString().ToLowerInvariant();

    private async Task ReleaseAsync(TContext leaseContext, Guid runId, long fencingToken)
    {
        try
        {
            await _lease.ReleaseAsync(leaseContext, fencingToken, _time.GetUtcNow()).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            RetentionLog.ReleaseFailed(_logger, runId, e.GetType().Name, e);
        }
    }

    /// <summary>
    /// The policy's groups: the default one and one per tenant with a stored choice. A stored choice that the current bounds no longer
    /// allow (the bounds were tightened since, or the row was edited) is not applied: that tenant stays in the default group and the
    /// report says so.
    /// </summary>
    private async Task<List<RetentionGroup>> GroupsAsync(DbContext context, ResolvedPolicy policy, DateTimeOffset now, List<string> errors, CancellationToken cancellationToken)
    {
        var groups = new List<RetentionGroup>();
        var chosen = new List<(string TenantId, object Value, TimeSpan? Period)>();
        if (policy.Options.TenantMayChoose && policy.Tenant is { } tenant && policy.Action != RetentionAction.Keep)
        {
            var choices = await RetentionChoiceStore.GetForCategoryAsync(context, policy.Category, cancellationToken).ConfigureAwait(false);
            var ignored = 0;
            foreach (var (tenantId, period) in choices.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                try
                {
                    RetentionChoiceStore.Validate(_options.Value, policy.Category, period);
                }
                catch (DataGuardValidationException)
                {
                    ignored++;
                    continue;
                }

                if (RetentionValues.FromText(tenantId, tenant.ClrType) is { } value)
                {
                    chosen.Add((tenantId, value, period));
                }
                else
                {
                    ignored++;
                }
            }

            if (ignored > 0)
            {
                errors.Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{policy.Category}: {ignored} stored tenant choices are outside the policy's current bounds (or name a tenant the table cannot hold) and were not applied; those tenants got the default period"));
                RetentionLog.ChoicesIgnored(_logger, policy.Category, ignored);
            }
        }

        var excluded = chosen.Count == 0 ? null : RetentionValues.ToArray(chosen.Select(c => (object?)c.Value).ToList(), policy.Tenant!.ClrType);
        groups.Add(new RetentionGroup(null, null, excluded, policy.Options.Period, CutoffOf(now, policy.Options.Period)));
        foreach (var (tenantId, value, period) in chosen)
        {
            groups.Add(new RetentionGroup(tenantId, value, null, period, CutoffOf(now, period)));
        }

        return groups;
    }

    private IReadOnlyList<ResolvedPolicy> Resolve(DbContext context)
    {
        if (Volatile.Read(ref _resolved) is { } resolved)
        {
            return resolved;
        }

        lock (_resolveLock)
        {
            if (_resolved is null)
            {
                var isService = _services.GetService<IServiceProviderIsService>();
                var sqlite = string.Equals(context.Database.ProviderName, "Microsoft.EntityFrameworkCore.Sqlite", StringComparison.Ordinal);
                if (_options.Value.Policies.Count > 0 && context.Model.FindEntityType(typeof(DataGuardLeaseEntity)) is null)
                {
                    throw new InvalidOperationException(
                        $"{typeof(TContext).Name} runs retention but its model has no {RetentionModel.LeaseTableName} table. Call modelBuilder.AddDataGuard() in OnModelCreating, then add a migration.");
                }

                _resolved = RetentionPolicyModel.Resolve(context.Model, _options.Value, sqlite, type => isService?.IsService(type) ?? false);
            }

            return _resolved;
        }
    }
}
