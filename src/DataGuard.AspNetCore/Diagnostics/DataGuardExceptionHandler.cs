// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace DataGuard.AspNetCore.Diagnostics;

/// <summary>
/// Turns a <see cref="DataGuardException"/> (also when EF Core wraps it) into a ProblemDetails response. The response names
/// no column, key or value: the details go to the log, the client gets a status, a stable type and the trace id.
/// </summary>
internal sealed class DataGuardExceptionHandler(IProblemDetailsService problemDetails, ILogger<DataGuardExceptionHandler> logger) : IExceptionHandler
{
    public const string TypeBase = "https://dataguard.dev/problems/";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var error = Find(exception);
        if (error is null)
        {
            return false;
        }

        var (status, type, title) = error switch
        {
            DataGuardKeyDestroyedException => (StatusCodes.Status410Gone, "erased", "The requested personal data has been erased."),
            DataGuardCryptographicException => (StatusCodes.Status500InternalServerError, "unreadable", "Protected data could not be read."),
            DataGuardQueryException => (StatusCodes.Status500InternalServerError, "refused-query", "The server refused a query on protected data."),
            _ => (StatusCodes.Status500InternalServerError, "error", "A data-protection operation failed."),
        };

        Log.ProtectedDataFailure(logger, status, error);
        httpContext.Response.StatusCode = status;
        var problem = new ProblemDetails
        {
            Status = status,
            Type = TypeBase + type,
            Title = title,
        };
        problem.Extensions["traceId"] = Activity.Current?.Id ?? httpContext.TraceIdentifier;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        }).ConfigureAwait(false);
    }

    private static DataGuardException? Find(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is DataGuardException dataGuard)
            {
                return dataGuard;
            }
        }

        return null;
    }
}
