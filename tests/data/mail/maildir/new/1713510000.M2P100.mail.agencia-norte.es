From: Hannah Becker <h.becker@kraft-werkzeuge.de>
To: marta@agencia-norte.es
Subject: Angebot
Date: Fri, 19 Apr 2024 09:00:00 CET
Content-Type: text/plain; charset=us-ascii

We will not accept the offer, thank you.
