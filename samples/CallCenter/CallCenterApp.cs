// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Threading.Tasks;
using CallCenter.Data;
using CallCenter.Demo;
using CallCenter.Endpoints;
using CallCenter.Retention;
using CallCenter.Security;
using DataGuard;
using DataGuard.AspNetCore.Masking;
using DataGuard.Encryption;
using DataGuard.Logging;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter;

/// <summary>Builds the call-centre application: DataGuard over EF Core, SQLite by default, PostgreSQL by configuration.</summary>
public static class CallCenterApp
{
    /// <summary>Builds the application (not started).</summary>
    /// <param name="args">Command-line arguments (configuration overrides).</param>
    /// <param name="demo">Run on a fresh demo database with demo authentication.</param>
    /// <param name="configure">Last-minute changes to the builder (tests and the demo add services here).</param>
    public static WebApplication Build(string[] args, bool demo = false, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        var dataDirectory = Path.Combine(builder.Environment.ContentRootPath, "App_Data");
        Directory.CreateDirectory(dataDirectory);
        if (demo)
        {
            // The demo runs on a fresh database and a random loopback port, and only prints what it does.
            var demoDirectory = Path.Combine(dataDirectory, "demo");
            if (Directory.Exists(demoDirectory))
            {
                Directory.Delete(demoDirectory, recursive: true);
            }

            Directory.CreateDirectory(demoDirectory);
            dataDirectory = demoDirectory;
            builder.Configuration["ConnectionStrings:CallCenter"] = string.Empty;
            builder.Configuration["Database:Provider"] = "Sqlite";
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration["Logging:LogLevel:Default"] = "Warning";
            builder.Configuration["Logging:LogLevel:Microsoft.AspNetCore.DataProtection"] = "Error";

            // A clock the demo can move forward (a year, to show retention), starting at the same instant on every run.
            var clock = new DemoClock(DemoClock.DefaultStart);
            builder.Services.AddSingleton(clock);
            builder.Services.AddSingleton<TimeProvider>(clock);
        }

        #region quickstart
        var connectionString = builder.Configuration.GetConnectionString("CallCenter");
        var usePostgres = string.Equals(builder.Configuration["Database:Provider"], "Postgres", StringComparison.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = $"Data Source={Path.Combine(dataDirectory, "callcenter.db")}";
            builder.Configuration["ConnectionStrings:CallCenter"] = connectionString;
        }

        // Keys that wrap DataGuard's key ring: one application name and one shared repository for every instance.
        builder.Services.AddDataProtection()
            .SetApplicationName("CallCenter")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDirectory, "keys")));

        builder.Services.AddDbContext<CallCenterDb>((sp, o) =>
            (usePostgres ? o.UseNpgsql(connectionString) : o.UseSqlite(connectionString)).UseDataGuard(sp));

        builder.Services.AddDataGuard(dg => dg
            .AddFieldEncryption(builder.Configuration.GetSection("DataGuard:Encryption"))
            .UseEntityFrameworkCore<CallCenterDb>()
            .AddPhoneNumbers(p => p.DefaultRegion = builder.Configuration["DataGuard:PhoneNumbers:DefaultRegion"] ?? "IN")
            .ConfigurePermissions(p => p
                .Grant(DataGuardPermissions.ViewPersonalData, "Supervisor")
                .Grant(DataGuardPermissions.Detokenize, "Supervisor"))
            .AddJsonMasking(o => o.Scope = MaskingScope.Global)
            .RedactPersonalDataInLogs(o =>
            {
                // Keyed HMAC tokens in logs when a key is configured (keep it in a secret store); masked numbers otherwise.
                o.HmacKey = builder.Configuration["DataGuard:Logging:HmacKey"];
                o.PhoneNumberRedaction = o.HmacKey is null ? PhoneNumberLogRedaction.Mask : PhoneNumberLogRedaction.Hmac;
            })
            .AddProblemDetailsMapping()
            .AddAudit()                                                   // hash-chained trail in the context's DataGuardAudit* tables
            .AddAspNetCoreAudit()                                         // one record per request to an endpoint marked AuditPersonalData
            .ExportAuditCheckpointsToFile(Path.Combine(dataDirectory, "audit-checkpoints.jsonl"))
            .AddRetention(r => CallCenterRetention.Declare(r, runOnSchedule: !demo))); // the retention table: Retention/CallCenterRetention.cs
        #endregion

        var authentication = builder.Services.AddAuthentication();
        if (builder.Configuration.GetValue<bool>("Authentication:DemoHeaders") || demo)
        {
            authentication.AddScheme<AuthenticationSchemeOptions, DemoHeaderAuthentication>(DemoHeaderAuthentication.SchemeName, null);
            builder.Services.AddAuthentication(DemoHeaderAuthentication.SchemeName);
        }

        builder.Services.AddAuthorization();

        builder.Services.AddSingleton(new RecordingStore(Path.Combine(dataDirectory, "recordings")));
        builder.Services.AddScoped<IRetentionHook<Recording>, RecordingFilesRetentionHook>();   // files go before their rows
        configure?.Invoke(builder);
        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseAuthentication();
        app.UseDataGuardAudit();          // after authentication (knows the user), before authorization (records 401/403)
        app.UseAuthorization();
        app.UsePersonalDataMasking();
        app.MapCallCenterEndpoints();
        return app;
    }

    /// <summary>
    /// Opens the audit trail of another copy of the application's SQLite database (a backup, or the demo's tampered copy) with the
    /// application's keys, without starting anything: used to verify a copy.
    /// </summary>
    public static async Task<ServiceProvider> OpenAuditTrailAsync(WebApplication app, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(app);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(app.Services.GetRequiredService<IDataProtectionProvider>());
        services.AddDbContext<CallCenterDb>((sp, o) => o.UseSqlite(connectionString).UseDataGuard(sp));
        services.AddDataGuard(dg => dg.UseEntityFrameworkCore<CallCenterDb>().AddPhoneNumbers(p => p.DefaultRegion = "IN").AddAudit());
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IKeyRingManager>().InitializeAsync();
        return provider;
    }

    /// <summary>Creates the schema on first run (a real application uses EF Core migrations).</summary>
    public static async Task CreateDatabaseAsync(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CallCenterDb>().Database.EnsureCreatedAsync();
    }
}
