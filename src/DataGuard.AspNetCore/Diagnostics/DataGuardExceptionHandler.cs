// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.AspNetCore.Masking;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace DataGuard.AspNetCore.Diagnostics;

/// <summary>
/// Turns a <see cref="DataGuardException"/> (also when EF Core wraps it) into a ProblemDetails response. The response names
/// no column, key or value: the details go to the log, the client gets a status, a stable type and the trace id. Refusals are
/// the exception: 403 for <see cref="DataGuardAccessDeniedException"/> (with the missing permission's name) and 400 for
/// <see cref="DataGuardValidationException"/> (errors keyed by the property, <c>Entity.Property</c>, with the reason code such as
/// <c>TooShort</c>; never the value, not even masked).
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

        if (error is DataGuardAccessDeniedException or DataGuardValidationException)
        {
            return await WriteRefusalAsync(httpContext, exception, error).ConfigureAwait(false);
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
        return await WriteAsync(httpContext, exception, problem).ConfigureAwait(false);
    }

    // A refusal is the client's doing: 403 names the missing permission, 400 the refused property and the reason code. The
    // exception message (which may hold a masked form of the value) is logged, never sent.
    private async ValueTask<bool> WriteRefusalAsync(HttpContext httpContext, Exception exception, DataGuardException error)
    {
        ProblemDetails problem;
        if (error is DataGuardValidationException validation)
        {
            var reason = validation.PhoneNumberError == PhoneNumberError.None ? "invalid" : validation.PhoneNumberError.ToString();
            problem = new HttpValidationProblemDetails(new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                [validation.Property ?? "value"] = [reason],
            })
            {
                Status = StatusCodes.Status400BadRequest,
                Type = TypeBase + "invalid-value",
                Title = "A value was refused by validation.",
            };
        }
        else
        {
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status403Forbidden,
                Type = TypeBase + "access-denied",
                Title = "The current user lacks a permission on personal data.",
            };
            if (((DataGuardAccessDeniedException)error).Permission is { } permission)
            {
                problem.Extensions["permission"] = permission;
            }
        }

        MaskingLog.Refused(logger, problem.Status!.Value, error.Message);
        httpContext.Response.StatusCode = problem.Status.Value;
        return await WriteAsync(httpContext, exception, problem).ConfigureAwait(false);
    }

    private ValueTask<bool> WriteAsync(HttpContext httpContext, Exception exception, ProblemDetails problem)
    {
        problem.Extensions["traceId"] = Activity.Current?.Id ?? httpContext.TraceIdentifier;
        return problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
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
