// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Threading.Tasks;
using System.Xml.Linq;
using Xunit;

namespace DataGuard.IntegrationTests.Packaging;

/// <summary>
/// Proves the packages work for a consumer: packs the solution into a local folder feed under a fresh version, restores a tiny
/// consumer that references DataGuard.EFCore and DataGuard.AspNetCore from that feed only (package source mapping, isolated global
/// packages folder), builds and runs it. Catches packaging mistakes no unit test sees.
/// </summary>
public sealed class ConsumerPackageTests : IDisposable
{
    private static readonly string[] Packages = ["DataGuard.Abstractions", "DataGuard", "DataGuard.EFCore", "DataGuard.AspNetCore"];
    private readonly string _root = Path.Combine(Path.GetTempPath(), "dataguard-consumer-" + Guid.NewGuid().ToString("N")[..12]);

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task Pack_ThenConsumeFromLocalFeed_BuildsAndRuns()
    {
        var repository = FindRepositoryRoot();
        var version = "0.0.0-consumer." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
        var feed = Path.Combine(_root, "feed");

        await RunAsync(repository, "dotnet", "pack", Path.Combine(repository, "DataGuard.sln"), "-c", "Release", "-o", feed,
            $"-p:Version={version}", $"-p:ArtifactsPath={Path.Combine(_root, "artifacts")}", "-p:ContinuousIntegrationBuild=true");

        // Exactly the four packages, each with its symbols package.
        var nupkgs = Directory.GetFiles(feed, "*.nupkg").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(Packages.Select(p => $"{p}.{version}.nupkg").Order(StringComparer.Ordinal), nupkgs);
        Assert.Equal(4, Directory.GetFiles(feed, "*.snupkg").Length);
        foreach (var id in Packages)
        {
            AssertPackageContents(Path.Combine(feed, $"{id}.{version}.nupkg"), id, version);
        }

        var consumer = Path.Combine(_root, "consumer");
        Directory.CreateDirectory(consumer);
        await File.WriteAllTextAsync(Path.Combine(consumer, "nuget.config"), NuGetConfig(feed, Path.Combine(_root, "packages")));
        await File.WriteAllTextAsync(Path.Combine(consumer, "Consumer.csproj"), ConsumerProject(version));
        await File.WriteAllTextAsync(Path.Combine(consumer, "Program.cs"), ConsumerProgram);

        var output = await RunAsync(consumer, "dotnet", "run", "-c", "Release");
        Assert.Contains("CONSUMER OK +15550100 found by blind index, stored as dgEB", output, StringComparison.Ordinal);

        // The DataGuard packages came from the local feed into the isolated folder, never from a cache.
        Assert.True(Directory.Exists(Path.Combine(_root, "packages", "dataguard.efcore", version)));
    }

    private static void AssertPackageContents(string path, string id, string version)
    {
        using var archive = ZipFile.OpenRead(path);
        var entries = archive.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("README.md", entries);
        Assert.Contains($"lib/net10.0/{id}.dll", entries);
        Assert.Contains($"lib/net10.0/{id}.xml", entries);

        using var nuspecStream = archive.GetEntry($"{id}.nuspec")!.Open();
        var nuspec = XDocument.Load(nuspecStream);
        XNamespace ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;
        Assert.Equal(id, metadata.Element(ns + "id")!.Value);
        Assert.Equal(version, metadata.Element(ns + "version")!.Value);
        Assert.Equal("MIT", metadata.Element(ns + "license")!.Value);
        Assert.Equal("README.md", metadata.Element(ns + "readme")!.Value);
        Assert.False(string.IsNullOrWhiteSpace(metadata.Element(ns + "description")!.Value));
        Assert.Contains("privacy", metadata.Element(ns + "tags")!.Value, StringComparison.Ordinal);
        Assert.NotNull(metadata.Element(ns + "repository")?.Attribute("url"));
        if (id != "DataGuard.Abstractions")
        {
            var dependencies = metadata.Descendants(ns + "dependency").Select(d => (Id: d.Attribute("id")!.Value, Version: d.Attribute("version")!.Value)).ToList();
            var expected = id == "DataGuard" ? "DataGuard.Abstractions" : "DataGuard";
            Assert.Contains(dependencies, d => d.Id == expected && d.Version == version);
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "DataGuard.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("DataGuard.sln was not found above " + AppContext.BaseDirectory);
    }

    private static string NuGetConfig(string feed, string packages)
    {
        var globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{packages}" />
              </config>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
              </packageSources>
              <fallbackPackageFolders>
                <clear />
                <add key="machine" value="{globalPackages}" />
              </fallbackPackageFolders>
              <packageSourceMapping>
                <packageSource key="local">
                  <package pattern="DataGuard" />
                  <package pattern="DataGuard.*" />
                </packageSource>
                <packageSource key="nuget.org">
                  <package pattern="*" />
                </packageSource>
              </packageSourceMapping>
            </configuration>
            """;
    }

    private static string ConsumerProject(string version) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="DataGuard.EFCore" Version="{version}" />
            <PackageReference Include="DataGuard.AspNetCore" Version="{version}" />
            <PackageReference Include="Microsoft.EntityFrameworkCore.Sqlite" Version="10.0.15" />
          </ItemGroup>
        </Project>
        """;

    private const string ConsumerProgram = """
        using DataGuard;
        using DataGuard.Encryption;
        using Microsoft.AspNetCore.DataProtection;
        using Microsoft.AspNetCore.Diagnostics;
        using Microsoft.EntityFrameworkCore;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Options;

        var file = Path.Combine(AppContext.BaseDirectory, "consumer.db");
        File.Delete(file);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDataProtection().SetApplicationName("Consumer").UseEphemeralDataProtectionProvider();
        services.AddDbContext<ConsumerDb>((sp, o) => o.UseSqlite($"Data Source={file}").UseDataGuard(sp));
        services.AddDataGuard(dg => dg.UseEntityFrameworkCore<ConsumerDb>().AddProblemDetailsMapping());
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        provider.GetRequiredService<IStartupValidator>().Validate();
        _ = provider.GetServices<IExceptionHandler>().Single();

        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ConsumerDb>();
            await db.Database.EnsureCreatedAsync();
            await provider.GetRequiredService<IKeyRingManager>().InitializeAsync();
            db.Customers.Add(new Customer { Phone = "+15550100" });
            await db.SaveChangesAsync();
        }

        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ConsumerDb>();
            var found = await db.Customers.WhereEquals(c => c.Phone, "+15550100").SingleAsync();
            var raw = await db.Database.SqlQueryRaw<string>("SELECT \"Phone\" AS \"Value\" FROM \"Customers\"").SingleAsync();
            Console.WriteLine($"CONSUMER OK {found.Phone} found by blind index, stored as {raw[..4]}");
        }

        public sealed class Customer
        {
            public int Id { get; set; }

            [Encrypted(Searchable = true)]
            public string Phone { get; set; } = "";
        }

        public sealed class ConsumerDb(DbContextOptions<ConsumerDb> options) : DbContext(options)
        {
            public DbSet<Customer> Customers => Set<Customer>();

            protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddDataGuard();
        }
        """;

    private static async Task<string> RunAsync(string workingDirectory, string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The outer test run's MSBuild settings must not leak into the nested builds.
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");
        start.Environment.Remove("MSBuildSDKsPath");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var output = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, $"{fileName} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{output}");
        return output;
    }
}
