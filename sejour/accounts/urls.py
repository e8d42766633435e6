from django.contrib.auth import views as auth_views
from django.urls import path

from sejour.accounts.views import changes, helper, session, signup

app_name = "accounts"
urlpatterns = [
    path("compte/creer/", signup.identity, name="signup"),
    path("compte/creer/inconnu/", signup.unknown, name="signup_unknown"),
    path("compte/creer/email/", signup.email, name="signup_email"),
    path("compte/creer/email-envoye/", signup.sent, name="signup_sent"),
    path("compte/creer/verifier/<str:token>/", signup.verify, name="signup_verify"),
    path("compte/creer/mot-de-passe/", signup.password, name="signup_password"),
    path("compte/", session.home, name="home"),
    path("compte/mot-de-passe/", session.ChangeView.as_view(), name="password_change"),
    path("compte/remettre-mon-adresse/<str:token>/", changes.undo_email, name="email_undo"),
    path("connexion/", session.LoginView.as_view(), name="login"),
    path("connexion/verification/", session.second_factor, name="second_factor"),
    path("connexion/securite/", session.second_factor_setup, name="second_factor_setup"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("mot-de-passe-oublie/", session.ResetView.as_view(), name="reset"),
    path(
        "mot-de-passe-oublie/envoye/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/reset_sent.html"),
        name="reset_sent",
    ),
    path(
        "mot-de-passe-oublie/<uidb64>/<token>/",
        session.ResetConfirmView.as_view(),
        name="reset_confirm",
    ),
    path(
        "mot-de-passe-oublie/termine/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/reset_done.html"),
        name="reset_done",
    ),
    path("aidant/", helper.helper_home, name="helper_home"),
    path("aidant/mandats/nouveau/", helper.mandate_new, name="helper_mandate_new"),
    path("aidant/mandats/<int:mandate_id>/", helper.mandate_detail, name="helper_mandate"),
    path("aidant/mandats/<int:mandate_id>/code/", helper.mandate_code, name="helper_mandate_code"),
    path("aidant/personnes/<int:applicant_id>/", helper.applicant_space, name="helper_applicant"),
]
