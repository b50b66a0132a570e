from django.shortcuts import redirect, render


def home(request):
    if request.user.is_authenticated:
        return redirect("spaces:list")
    return redirect("identity:signin")


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def forbidden(request, exception=None):
    reason = str(exception) if exception and str(exception) else None
    return render(request, "403.html", {"reason": reason}, status=403)


def bad_request(request, exception=None):
    return render(request, "404.html", {"reason": "The request was not understood."}, status=400)
